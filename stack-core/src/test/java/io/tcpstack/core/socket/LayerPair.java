package io.tcpstack.core.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.tcpstack.core.ip.Ipv4Output;
import io.tcpstack.core.tcp.TcpConfig;
import io.tcpstack.core.tcp.TcpLayer;
import io.tcpstack.core.time.EventLoopTimerScheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Two real {@link TcpLayer}s back to back, each on its own single-thread event loop with real
 * timers: a segment one layer sends is received by the other on the other's loop. The link
 * neither loses nor reorders; packets to any other address are dropped.
 */
final class LayerPair implements AutoCloseable {
    static final int CLIENT_ADDRESS = 0x0A000001;
    static final int SERVER_ADDRESS = 0x0A000002;

    private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    private final DefaultEventExecutor clientLoop = new DefaultEventExecutor();
    private final DefaultEventExecutor serverLoop = new DefaultEventExecutor();
    final TcpLayer client;
    final TcpLayer server;

    LayerPair(TcpConfig config) {
        client = new TcpLayer(output(CLIENT_ADDRESS, serverLoop, true), new EventLoopTimerScheduler(clientLoop), config, clientLoop);
        server = new TcpLayer(output(SERVER_ADDRESS, clientLoop, false), new EventLoopTimerScheduler(serverLoop), config, serverLoop);
    }

    static InetSocketAddress server(int port) throws UnknownHostException {
        return address(SERVER_ADDRESS, port);
    }

    static InetSocketAddress address(int address, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {
            (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address}), port);
    }

    /** The IPv4 output of the layer at {@code address}: each segment is received by the other layer on its loop. */
    private Ipv4Output output(int address, DefaultEventExecutor peerLoop, boolean toServer) {
        return new Ipv4Output() {
            @Override
            public ByteBufAllocator alloc() {
                return alloc;
            }

            @Override
            public int localAddress() {
                return address;
            }

            @Override
            public int mtu() {
                return 1500;
            }

            @Override
            public void send(int protocol, int destination, ByteBuf segment) {
                if (destination != (toServer ? SERVER_ADDRESS : CLIENT_ADDRESS)) {
                    segment.release(); // nobody at that address: the packet is lost
                    return;
                }
                segment.readerIndex(segment.readerIndex() - HEADROOM); // TCP does not read the IPv4 header
                TcpLayer peer = toServer ? server : client;
                try {
                    peerLoop.execute(() -> {
                        try {
                            peer.receive(segment, HEADROOM, address, destination, false);
                        } finally {
                            segment.release();
                        }
                    });
                } catch (RejectedExecutionException peerStopped) {
                    segment.release();
                }
            }

            @Override
            public void flush() {}
        };
    }

    @Override
    public void close() {
        clientLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        serverLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }
}

package io.tcpstack.it.netty;

import static io.tcpstack.it.StackAddresses.KERNEL;
import static io.tcpstack.it.StackAddresses.STACK;
import static io.tcpstack.it.StackAddresses.STACK_CIDR;
import static io.tcpstack.it.StackAddresses.TUN;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketTestPermutation;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.NsThread;
import io.tcpstack.netty.TcpStack;
import io.tcpstack.netty.TcpStackServerSocketChannel;
import io.tcpstack.netty.TcpStackSocketChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Netty's socket test permutations across a real TUN, with a {@link TcpStack} that owns
 * {@code tcps0} in a namespace of its own: a tcpstack server with a Netty NIO client on the
 * kernel's sockets in that namespace, and an NIO server on the kernel side
 * ({@link KernelSideServerChannel}) with a tcpstack client. Each kernel socket is opened on the
 * namespace's {@link NsThread}. One per
 * test class, started and closed around it by {@link TunTestsuite}; {@link #current()} is the
 * running class's.
 */
final class TunSocketTestPermutation extends SocketTestPermutation implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The permutation of the test class running now (failsafe runs one class at a time). */
    private static volatile TunSocketTestPermutation current;

    private final NetNs ns;
    private final NsThread inside;
    private final TcpStack stack;
    private final EventLoopGroup nio;

    private TunSocketTestPermutation(NetNs ns, NsThread inside, TcpStack stack, EventLoopGroup nio) {
        this.ns = ns;
        this.inside = inside;
        this.stack = stack;
        this.nio = nio;
    }

    /** The permutation {@link TunTestsuite} started for the running test class. */
    static TunSocketTestPermutation current() {
        TunSocketTestPermutation running = current;
        if (running == null) {
            throw new IllegalStateException("no TUN permutation: annotate the test class with @TunTestsuite");
        }
        return running;
    }

    /** A new namespace with the stack on its TUN and an NIO group for the clients; becomes {@link #current()}. */
    static TunSocketTestPermutation start() {
        NetNs ns = NetNs.create();
        NsThread inside = null;
        try {
            inside = ns.thread();
            TcpStack stack = inside.call(TIMEOUT,
                    () -> TcpStack.builder().tun(TUN).address(STACK_CIDR).peer(KERNEL).start());
            current = new TunSocketTestPermutation(ns, inside, stack,
                    new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory()));
            return current;
        } catch (RuntimeException | Error e) {
            if (inside != null) {
                inside.close();
            }
            ns.close();
            throw e;
        }
    }

    /** The address the servers bind: the stack's, any port ({@link KernelSideServerChannel} moves it to the kernel's). */
    SocketAddress serverAddress() {
        return new InetSocketAddress(STACK, 0);
    }

    /** The two combinations across the TUN (not the two that would stay on one side of it). */
    @Override
    public List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> socket() {
        return List.of(combination(this::stackServer, this::nioClient), combination(this::kernelServer, this::stackClient));
    }

    private static BootstrapComboFactory<ServerBootstrap, Bootstrap> combination(
            BootstrapFactory<ServerBootstrap> server, BootstrapFactory<Bootstrap> client) {
        return new BootstrapComboFactory<>() {
            @Override
            public ServerBootstrap newServerInstance() {
                return server.newInstance();
            }

            @Override
            public Bootstrap newClientInstance() {
                return client.newInstance();
            }
        };
    }

    @Override
    public List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> socketWithFastOpen() {
        return socket();
    }

    @Override
    public List<BootstrapFactory<ServerBootstrap>> serverSocket() {
        return List.of(this::stackServer, this::kernelServer);
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> clientSocket() {
        return List.of(this::stackClient, this::nioClient);
    }

    private ServerBootstrap stackServer() {
        return new ServerBootstrap().group(stack.group()).channel(TcpStackServerSocketChannel.class);
    }

    private ServerBootstrap kernelServer() {
        return new ServerBootstrap().group(nio)
                .channelFactory(() -> inside.call(TIMEOUT, KernelSideServerChannel::new));
    }

    private Bootstrap stackClient() {
        return new Bootstrap().group(stack.group()).channel(TcpStackSocketChannel.class);
    }

    private Bootstrap nioClient() {
        return new Bootstrap().group(nio).channelFactory(() -> inside.call(TIMEOUT, NioSocketChannel::new));
    }

    /** Shuts the clients' group and the stack down (which removes the TUN), then the namespace. */
    @Override
    public void close() {
        current = null;
        try {
            nio.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            stack.close();
        } finally {
            inside.close();
            ns.close();
        }
    }
}

package io.tcpstack.daemon.services;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tcpstack.netty.TcpStackServerSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP service (RFC 9110, RFC 9112) on a Netty transport: on the userspace stack, a
 * {@link TcpStackServerSocketChannel} on the queue's own event loop, whose connections are served
 * there too; on the kernel's sockets, NIO on loops of its own. Each connection's pipeline is set
 * up by {@link HttpChannels}; the resources are {@link HttpRoutes}'.
 */
public final class HttpService implements Service {
    /** Well-known port (RFC 9110 §4.2.1). */
    public static final int PORT = 80;

    private final String name;
    private final Channel listener;
    /** The port listened on, fixed at bind. */
    private final int port;
    private final HttpChannels channels;
    /** The NIO loops of a service on the kernel's sockets; null on the stack's loop. */
    private final EventLoopGroup ownLoops;

    private HttpService(String name, Channel listener, HttpChannels channels, EventLoopGroup ownLoops) {
        this.name = name;
        this.listener = listener;
        this.port = ((InetSocketAddress) listener.localAddress()).getPort();
        this.channels = channels;
        this.ownLoops = ownLoops;
    }

    /** Listens on {@code port} (0: any free one) of the stack that runs on {@code loop}, a tcpstack Netty loop. */
    static HttpService onStack(String name, EventLoop loop, int port, HttpChannels channels) throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop).channel(TcpStackServerSocketChannel.class);
        return bind(name, bootstrap, new InetSocketAddress(port), channels, null);
    }

    /** Listens on {@code port} (0: any free one) of the kernel's {@code address} (null: every address). */
    static HttpService onKernel(String name, InetAddress address, int port, HttpChannels channels) throws IOException {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("http"),
                NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class);
        return bind(name, bootstrap, new InetSocketAddress(address, port), channels, loops);
    }

    private static HttpService bind(String name, ServerBootstrap bootstrap, InetSocketAddress address,
                                    HttpChannels channels, EventLoopGroup ownLoops) throws IOException {
        ChannelFuture bound = bootstrap.option(ChannelOption.SO_BACKLOG, RunningService.BACKLOG)
                .childHandler(channels).bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            if (ownLoops != null) {
                ownLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            }
            Throwable cause = bound.cause();
            throw cause instanceof IOException e ? e : new IOException(cause.getMessage(), cause);
        }
        return new HttpService(name, bound.channel(), channels, ownLoops);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public int connections() {
        return channels.served();
    }

    @Override
    public ServiceCounters counters() {
        return channels.counters();
    }

    /** Stops listening and closes every open connection. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        channels.open.close().awaitUninterruptibly();
        if (ownLoops != null) {
            ownLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    @Override
    public String toString() {
        return name + " on port " + port() + channels.counters().summary();
    }
}

package io.tcpstack.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.tcpstack.examples.HelloInitializer;
import io.tcpstack.examples.TunOptions;
import io.tcpstack.netty.TcpStack;
import io.tcpstack.netty.TcpStackServerSocketChannel;
import java.util.Arrays;

/**
 * The examples' Netty HTTP hello-world ({@link HelloInitializer}) on one event loop of either
 * transport, for the Netty row of {@code ./benchmarks/run}: the same pipeline, only the group and
 * the channel class differ, as the "changing its channel class and event loop group" says.
 * Usage: {@code NettyHello tcpstack [--tun NAME] [--address CIDR] [--peer IP] PORT} (the stack owns
 * the TUN) or {@code NettyHello epoll PORT} (Netty's epoll transport on the kernel's TCP, all
 * addresses). Prints {@code hello on port PORT listening} once it serves, then runs until
 * terminated.
 */
public final class NettyHello {
    private NettyHello() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[0].equals("tcpstack") || args[0].equals("epoll"))) {
            System.err.println("usage: NettyHello tcpstack [--tun NAME] [--address CIDR] [--peer IP] PORT | epoll PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[args.length - 1]);
        EventLoopGroup group;
        Class<? extends ServerChannel> channel;
        AutoCloseable transport;
        if (args[0].equals("tcpstack")) {
            TcpStack stack = TunOptions.parse(Arrays.copyOfRange(args, 1, args.length - 1)).stack().start();
            group = stack.group();
            channel = TcpStackServerSocketChannel.class;
            transport = stack;
        } else {
            EventLoopGroup epoll = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            group = epoll;
            channel = EpollServerSocketChannel.class;
            transport = epoll::shutdownGracefully;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                transport.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "close-transport"));
        Channel server = new ServerBootstrap().group(group).channel(channel).childHandler(new HelloInitializer())
                .bind(port).sync().channel();
        System.out.println("hello on port " + port + " listening (" + args[0] + ")");
        server.closeFuture().sync();
    }
}

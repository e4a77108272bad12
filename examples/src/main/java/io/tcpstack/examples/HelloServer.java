package io.tcpstack.examples;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.tcpstack.netty.TcpStack;
import io.tcpstack.netty.TcpStackServerSocketChannel;

/**
 * Netty's HTTP hello-world on tcpstack over a TUN: {@code [--tun NAME] [--address CIDR] [--peer IP] [PORT]}
 * (default port 8080). Prints one line once it serves, then runs until SIGTERM or Ctrl-C, which
 * close the stack and with it the TUN. A user's mistake is one line on standard error, exit status 2.
 */
public final class HelloServer {
    private HelloServer() {
    }

    public static void main(String[] args) throws Exception {
        ExampleMain.run(args, HelloServer::serve);
    }

    private static void serve(TunOptions options) throws Exception {
        int port = Integer.parseInt(options.argument(0, "8080"));
        TcpStack stack = options.stack().start();
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "close-stack"));
        Channel server = new ServerBootstrap().group(stack.group()).channel(TcpStackServerSocketChannel.class)
                .childHandler(new HelloInitializer())
                .bind(port).sync().channel();
        System.out.println("serving http://" + stack.address().getHostAddress() + ":" + port + "/ on " + stack);
        server.closeFuture().sync();
    }
}

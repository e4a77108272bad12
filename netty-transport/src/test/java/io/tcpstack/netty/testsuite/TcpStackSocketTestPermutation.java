package io.tcpstack.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapFactory;
import io.netty.testsuite.transport.socket.SocketTestPermutation;
import io.tcpstack.netty.TcpStack;
import io.tcpstack.netty.TcpStackServerSocketChannel;
import io.tcpstack.netty.TcpStackSocketChannel;
import io.tcpstack.tun.TunException;
import java.util.List;

/**
 * Netty's socket test permutations for the tcpstack transport: server and client both on one
 * loopback-only stack at 127.0.0.1 (the address Netty's socket tests bind to), in this JVM,
 * without root. The stack is shared by every test class of the run, as Netty's own
 * permutations share their event loop groups.
 */
public final class TcpStackSocketTestPermutation extends SocketTestPermutation {
    public static final TcpStackSocketTestPermutation INSTANCE = new TcpStackSocketTestPermutation();

    /** The stack every combination runs on. */
    static final TcpStack STACK = start();

    private static TcpStack start() {
        try {
            return TcpStack.builder().loopbackOnly().address("127.0.0.1/8").start();
        } catch (TunException e) {
            throw new AssertionError("a loopback-only stack opens no TUN", e);
        }
    }

    private TcpStackSocketTestPermutation() {
    }

    @Override
    public List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> socket() {
        return combo(serverSocket(), clientSocket());
    }

    @Override
    public List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> socketWithFastOpen() {
        return socket();
    }

    @Override
    public List<BootstrapFactory<ServerBootstrap>> serverSocket() {
        return List.of(() -> new ServerBootstrap().group(STACK.group()).channel(TcpStackServerSocketChannel.class));
    }

    @Override
    public List<BootstrapFactory<Bootstrap>> clientSocket() {
        return List.of(() -> new Bootstrap().group(STACK.group()).channel(TcpStackSocketChannel.class));
    }
}

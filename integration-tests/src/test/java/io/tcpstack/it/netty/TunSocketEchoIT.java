package io.tcpstack.it.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.SocketEchoTest;
import io.tcpstack.it.RequiresNamespaces;
import java.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** Netty's {@link SocketEchoTest}: a tcpstack server and an NIO client across the TUN ({@link TunSocketTestPermutation}). */
@Tag("netns")
@ExtendWith(RequiresNamespaces.class)
class TunSocketEchoIT extends SocketEchoTest {
    private static TunSocketTestPermutation tun;

    @BeforeAll
    static void startTheStack() {
        tun = TunSocketTestPermutation.start();
    }

    @AfterAll
    static void stopTheStack() {
        tun.close();
    }

    @Override
    protected List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return tun.socket();
    }

    @Override
    protected SocketAddress newSocketAddress() {
        return tun.serverAddress();
    }
}

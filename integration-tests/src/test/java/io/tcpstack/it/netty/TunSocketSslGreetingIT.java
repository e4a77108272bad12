package io.tcpstack.it.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.SocketSslGreetingTest;
import java.net.SocketAddress;
import java.util.List;

/** Netty's {@link SocketSslGreetingTest}: a tcpstack server and an NIO client across the TUN ({@link TunSocketTestPermutation}). */
@TunTestsuite
class TunSocketSslGreetingIT extends SocketSslGreetingTest {
    @Override
    protected List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return TunSocketTestPermutation.current().socket();
    }

    @Override
    protected SocketAddress newSocketAddress() {
        return TunSocketTestPermutation.current().serverAddress();
    }
}

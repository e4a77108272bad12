package io.tcpstack.it.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.SocketReadPendingTest;
import java.net.SocketAddress;
import java.util.List;

/** Netty's {@link SocketReadPendingTest} across the TUN, both combos ({@link TunSocketTestPermutation}). */
@TunTestsuite
class TunSocketReadPendingIT extends SocketReadPendingTest {
    @Override
    protected List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return TunSocketTestPermutation.current().socket();
    }

    @Override
    protected SocketAddress newSocketAddress() {
        return TunSocketTestPermutation.current().serverAddress();
    }
}

package io.tcpstack.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketRstTest;
import java.util.List;

/** Netty's {@link SocketRstTest} over tcpstack's loopback. */
class TcpStackSocketRstTest extends SocketRstTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return TcpStackSocketTestPermutation.INSTANCE.socket();
    }
}

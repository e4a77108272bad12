package io.tcpstack.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketConditionalWritabilityTest;
import java.util.List;

/** Netty's {@link SocketConditionalWritabilityTest} over tcpstack's loopback. */
class TcpStackSocketConditionalWritabilityTest extends SocketConditionalWritabilityTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return TcpStackSocketTestPermutation.INSTANCE.socket();
    }
}

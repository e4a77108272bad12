package io.tcpstack.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketDataReadInitialStateTest;
import java.util.List;

/** Netty's {@link SocketDataReadInitialStateTest} over tcpstack's loopback. */
class TcpStackSocketDataReadInitialStateTest extends SocketDataReadInitialStateTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return TcpStackSocketTestPermutation.INSTANCE.socket();
    }
}

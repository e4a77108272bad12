package io.tcpstack.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketSpdyEchoTest;
import java.util.List;

/** Netty's {@link SocketSpdyEchoTest} over tcpstack's loopback. */
class TcpStackSocketSpdyEchoTest extends SocketSpdyEchoTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return TcpStackSocketTestPermutation.INSTANCE.socket();
    }
}

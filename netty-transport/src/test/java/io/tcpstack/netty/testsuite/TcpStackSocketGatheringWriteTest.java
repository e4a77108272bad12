package io.tcpstack.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketGatheringWriteTest;
import java.util.List;

/** Netty's {@link SocketGatheringWriteTest} over tcpstack's loopback. */
class TcpStackSocketGatheringWriteTest extends SocketGatheringWriteTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return TcpStackSocketTestPermutation.INSTANCE.socket();
    }
}

package io.tcpstack.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.WriteBeforeRegisteredTest;
import java.util.List;

/** Netty's {@link WriteBeforeRegisteredTest} over tcpstack's loopback. */
class TcpStackWriteBeforeRegisteredTest extends WriteBeforeRegisteredTest {
    @Override
    protected List<TestsuitePermutation.BootstrapFactory<Bootstrap>> newFactories() {
        return TcpStackSocketTestPermutation.INSTANCE.clientSocket();
    }
}

package io.tcpstack.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketConnectionAttemptTest;
import java.util.List;

/** Netty's {@link SocketConnectionAttemptTest} over tcpstack's loopback. */
class TcpStackSocketConnectionAttemptTest extends SocketConnectionAttemptTest {
    @Override
    protected List<TestsuitePermutation.BootstrapFactory<Bootstrap>> newFactories() {
        return TcpStackSocketTestPermutation.INSTANCE.clientSocket();
    }
}

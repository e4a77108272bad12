package io.tcpstack.daemon.services;

import java.io.IOException;
import java.time.Duration;

/**
 * Thrown by a {@link ConnectionHandler} whose connection made no progress for the service's idle
 * timeout: the connection ends gracefully (FIN, not RST) and is counted as closed idle.
 */
public final class ConnectionIdleException extends IOException {
    public ConnectionIdleException(Duration timeout) {
        super("no progress for " + timeout + ": closed idle");
    }
}

package io.tcpstack.daemon.services;

import java.time.Duration;

/**
 * How long a service waits on a client before it closes the connection, so that no client can pin
 * one by sending nothing, or by sending a request a byte at a time (slowloris).
 *
 * @param idle   HTTP: longest wait for the client's next bytes, between requests and inside a body;
 *               the other services: longest time without progress in either direction (nothing
 *               from the client, nothing it acknowledged), after which the connection is closed;
 *               {@link Duration#ZERO} waits as long as it takes
 * @param header longest a request head (request line and header fields) may take to arrive in
 *               full, counted from its first byte, however its bytes trickle in (HTTP only;
 *               {@link Duration#ZERO} for no bound)
 */
public record ServiceTimeouts(Duration idle, Duration header) {
    /** No timeouts: the default of the services that are meant to be held open (echo, discard, chargen, iperf3, forward). */
    public static final ServiceTimeouts NONE = new ServiceTimeouts(Duration.ZERO, Duration.ZERO);
    /** HTTP's defaults: 60 s idle (nginx's keep-alive timeout is 75 s) and 20 s for a head (Apache's RequestReadTimeout). */
    public static final ServiceTimeouts HTTP_DEFAULTS = new ServiceTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(20));

    public ServiceTimeouts {
        if (idle.isNegative() || header.isNegative()) {
            throw new IllegalArgumentException("service timeouts must not be negative");
        }
    }

    /** These timeouts with another idle timeout. */
    public ServiceTimeouts withIdle(Duration newIdle) {
        return new ServiceTimeouts(newIdle, header);
    }
}

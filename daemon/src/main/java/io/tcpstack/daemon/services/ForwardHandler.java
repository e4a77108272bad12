package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.StreamNetwork;
import io.tcpstack.core.socket.StreamSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Port forwarding: relays each accepted connection over a new connection to a fixed target,
 * both ways, passing half-closes and resets through. If the target cannot be reached, the
 * accepted connection is aborted (RST). With an idle timeout, a relay that moved no byte in
 * either direction for that long is closed on both sides (FIN) and ends in
 * {@link ConnectionIdleException}.
 */
public final class ForwardHandler implements ConnectionHandler {
    /** How long an active open to the target may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final StreamNetwork network;
    /** Where connections are relayed to; resolved. */
    private final InetSocketAddress target;
    /** {@link Duration#ZERO}: none. */
    private final Duration idleTimeout;

    public ForwardHandler(StreamNetwork network, InetSocketAddress target, Duration idleTimeout) {
        this.network = network;
        this.target = target;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void serve(StreamSocket client) throws IOException, InterruptedException {
        StreamSocket upstream;
        try {
            upstream = network.connect(target, CONNECT_TIMEOUT);
        } catch (IOException e) {
            throw new IOException("connect to " + target + ": " + e.getMessage(), e);
        }
        Relay relay = new Relay(client, upstream, idleTimeout);
        boolean graceful = false;
        try {
            relay.run();
            graceful = true;
        } finally {
            if (graceful || relay.endedIdle()) {
                upstream.close();
            } else {
                upstream.abort();
            }
        }
    }
}

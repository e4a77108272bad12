package io.tcpstack.daemon.services;

import io.tcpstack.core.tcp.Keepalive;

/**
 * Per-service bounds and settings on top of the stack-wide ones ({@code --max-connections},
 * {@code --keepalive}), so that one service cannot take every connection the stack has.
 *
 * @param maxConnections most connections the service serves at once; one more is refused (HTTP
 *                       answers 503 and closes, the others reset it); {@link #UNLIMITED} leaves
 *                       the bound to the stack's {@code --max-connections}
 * @param keepalive      keep-alive of the service's connections (RFC 9293 §3.8.4), or null for the
 *                       stack-wide {@code --keepalive}
 */
public record ServiceLimits(int maxConnections, Keepalive keepalive) {
    /** No cap of the service's own. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    /** The defaults: no cap of the service's own, the stack-wide keep-alive. */
    public static final ServiceLimits NONE = new ServiceLimits(UNLIMITED, null);

    public ServiceLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("a service's connection limit must be at least 1: " + maxConnections);
        }
    }
}

package io.tcpstack.daemon.services;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * One service to run: what it is and its port; for a forward, also its target.
 *
 * @param target where a forward relays to (resolved); null for every other kind
 * @param timeouts how long it waits on a client ({@link ServiceTimeouts#HTTP_DEFAULTS} for HTTP,
 *                 {@link ServiceTimeouts#NONE} for the others unless chosen)
 * @param limits its connection cap and keep-alive ({@link ServiceLimits#NONE} unless chosen)
 */
public record ServiceSpec(Kind kind, int port, InetSocketAddress target, ServiceTimeouts timeouts, ServiceLimits limits) {
    public enum Kind {
        HTTP, ECHO, DISCARD, CHARGEN, DAYTIME, IPERF, FORWARD;

        /** The name options use, e.g. "echo". */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ServiceSpec {
        if ((kind == Kind.FORWARD) != (target != null)) {
            throw new IllegalArgumentException("a target is given for a forward and only for a forward");
        }
    }

    public static ServiceSpec of(Kind kind, int port) {
        return new ServiceSpec(kind, port, null, kind == Kind.HTTP ? ServiceTimeouts.HTTP_DEFAULTS : ServiceTimeouts.NONE,
                ServiceLimits.NONE);
    }

    public static ServiceSpec forward(int port, InetSocketAddress target) {
        return new ServiceSpec(Kind.FORWARD, port, target, ServiceTimeouts.NONE, ServiceLimits.NONE);
    }

    /** This service with other timeouts. */
    public ServiceSpec withTimeouts(ServiceTimeouts t) {
        return new ServiceSpec(kind, port, target, java.util.Objects.requireNonNull(t, "timeouts"), limits);
    }

    /** This service with other limits. */
    public ServiceSpec withLimits(ServiceLimits l) {
        return new ServiceSpec(kind, port, target, timeouts, java.util.Objects.requireNonNull(l, "limits"));
    }

    /** e.g. "echo" or "forward to 10.0.0.1:80". */
    public String name() {
        String kindName = kind.label();
        return target == null ? kindName
                : kindName + " to " + target.getAddress().getHostAddress() + ":" + target.getPort();
    }
}

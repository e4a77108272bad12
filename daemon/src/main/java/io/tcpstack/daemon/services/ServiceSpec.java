package io.tcpstack.daemon.services;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * One service to run: what it is and its port; for a forward, also its target.
 *
 * @param target where a forward relays to (resolved); null for every other kind
 */
public record ServiceSpec(Kind kind, int port, InetSocketAddress target) {
    public enum Kind { HTTP, ECHO, DISCARD, CHARGEN, DAYTIME, IPERF, FORWARD }

    public ServiceSpec {
        if ((kind == Kind.FORWARD) != (target != null)) {
            throw new IllegalArgumentException("a target is given for a forward and only for a forward");
        }
    }

    public static ServiceSpec of(Kind kind, int port) {
        return new ServiceSpec(kind, port, null);
    }

    public static ServiceSpec forward(int port, InetSocketAddress target) {
        return new ServiceSpec(Kind.FORWARD, port, target);
    }

    /** e.g. "echo" or "forward to 10.0.0.1:80". */
    public String name() {
        String kindName = kind.name().toLowerCase(Locale.ROOT);
        return target == null ? kindName
                : kindName + " to " + target.getAddress().getHostAddress() + ":" + target.getPort();
    }
}

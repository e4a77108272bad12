package io.tcpstack.core.tcp;

import java.time.Duration;

/**
 * RFC 9293 §3.8.4 keep-alive: after {@code idle} without any segment from the peer, send a probe
 * every {@code interval}; after {@code count} unanswered probes the connection is aborted. The
 * RFC requires keep-alive to be off unless the application turns it on, so {@link #OFF} is the
 * default. Linux's defaults when on are 7200 s, 75 s and 9 ({@code tcp_keepalive_time},
 * {@code _intvl}, {@code _probes}).
 *
 * @param idle     time without traffic before the first probe; {@link Duration#ZERO} means off
 * @param interval time between unanswered probes
 * @param count    unanswered probes before the connection is aborted
 */
public record Keepalive(Duration idle, Duration interval, int count) {
    /** Keep-alive off. */
    public static final Keepalive OFF = new Keepalive(Duration.ZERO, Duration.ZERO, 0);
    /** Linux's values, for an application that turns keep-alive on without choosing its own. */
    public static final Keepalive LINUX_DEFAULTS = new Keepalive(Duration.ofSeconds(7200), Duration.ofSeconds(75), 9);

    public Keepalive {
        if (idle.isNegative() || interval.isNegative() || count < 0) {
            throw new IllegalArgumentException("keepalive: idle, interval and count must not be negative");
        }
        if (!idle.isZero() && (interval.isZero() || count == 0)) {
            throw new IllegalArgumentException("keepalive: an interval and a count of at least 1 are needed when on");
        }
    }

    /** True if probes are sent at all. */
    public boolean enabled() {
        return !idle.isZero();
    }
}

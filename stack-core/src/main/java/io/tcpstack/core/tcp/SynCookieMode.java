package io.tcpstack.core.tcp;

/**
 * When a listener answers a SYN with a SYN cookie (RFC 4987 §3.6) instead of keeping a
 * half-open connection, as Linux's {@code net.ipv4.tcp_syncookies} 1, 2 and 0.
 */
public enum SynCookieMode {
    /** Only when the listener's SYN queue is full: the default, as in Linux. */
    AUTO,
    /** For every SYN: no listener ever keeps half-open state. */
    ALWAYS,
    /** Never: a SYN beyond the SYN queue is dropped and counted. */
    NEVER;

    /** The mode named {@code name} (case-insensitive), with a one-line error otherwise. */
    public static SynCookieMode parse(String name) {
        for (SynCookieMode m : values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown SYN cookie mode '" + name + "' (auto, always, never)");
    }
}

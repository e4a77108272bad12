package io.tcpstack.core.tcp;

import java.util.Map;

/**
 * The TCP layer's counters, named after the TCP-MIB (RFC 4022 tcpActiveOpens ...) plus one
 * counter per {@link DropReason}. Written on the event loop only; readers on other threads see
 * a slightly stale value, which is fine for statistics.
 */
public final class TcpCounters {
    /** Transitions CLOSED -> SYN_SENT. */
    long activeOpens;
    /** Transitions LISTEN -> SYN_RECEIVED (child connections created by a listener). */
    long passiveOpens;
    /** SYN_SENT/SYN_RECEIVED -> CLOSED, plus SYN_RECEIVED -> LISTEN. */
    long attemptFails;
    /** ESTABLISHED/CLOSE_WAIT -> CLOSED. */
    long estabResets;
    /** Connections now in ESTABLISHED or CLOSE_WAIT. */
    long currEstab;
    /** Segments received, including those in error. */
    long inSegs;
    /** Segments sent, retransmissions included (unlike RFC 4022 tcpOutSegs; subtract {@link #retransSegs}). */
    long outSegs;
    /** Segments retransmitted (RTO expiry, SYN retransmission). */
    long retransSegs;
    /** Segments received in error (bad checksum, malformed header or options). */
    long inErrs;
    /** Segments sent with RST. */
    long outRsts;
    /**
     * Segments other than a connection request (SYN without ACK) that matched no connection: a
     * listener or the RST of RFC 9293 §3.10.7.1 answers them. Behind a multi-queue TUN with one
     * stack per queue, a segment that reached another queue than its connection's.
     */
    long unknownConnection;
    private final long[] drops = new long[DropReason.values().length];

    void drop(DropReason reason) {
        drops[reason.ordinal()]++;
    }

    public long activeOpens() { return activeOpens; }

    public long passiveOpens() { return passiveOpens; }

    public long attemptFails() { return attemptFails; }

    public long estabResets() { return estabResets; }

    public long currEstab() { return currEstab; }

    public long inSegs() { return inSegs; }

    public long outSegs() { return outSegs; }

    public long retransSegs() { return retransSegs; }

    public long inErrs() { return inErrs; }

    public long outRsts() { return outRsts; }

    public long unknownConnection() { return unknownConnection; }

    public long drops(DropReason reason) {
        return drops[reason.ordinal()];
    }

    /** Every counter by its metric name (e.g. {@code ActiveOpens}, {@code Drop_BAD_CHECKSUM}). */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("ActiveOpens", activeOpens);
        m.put("PassiveOpens", passiveOpens);
        m.put("AttemptFails", attemptFails);
        m.put("EstabResets", estabResets);
        m.put("CurrEstab", currEstab);
        m.put("InSegs", inSegs);
        m.put("OutSegs", outSegs);
        m.put("RetransSegs", retransSegs);
        m.put("InErrs", inErrs);
        m.put("OutRsts", outRsts);
        m.put("UnknownConnection", unknownConnection);
        for (DropReason r : DropReason.values()) {
            m.put("Drop_" + r.name(), drops[r.ordinal()]);
        }
        return m;
    }
}

package io.tcpstack.core.tcp;

import io.tcpstack.link.LoopCounters;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TCP layer's counters, named after the TCP-MIB (RFC 4022 tcpActiveOpens ...), plus one
 * counter per {@link DropReason} ({@code Drop_BAD_CHECKSUM} ...). Threading: see
 * {@link LoopCounters}: written on the event loop only, readable from any thread.
 */
public final class TcpCounters extends LoopCounters<TcpCounters.Counter> {
    public enum Counter implements LoopCounters.Named {
        /** Transitions CLOSED -> SYN_SENT (tcpActiveOpens). */
        ACTIVE_OPENS,
        /** Transitions LISTEN -> SYN_RECEIVED: child connections created by a listener (tcpPassiveOpens). */
        PASSIVE_OPENS,
        /** SYN_SENT/SYN_RECEIVED -> CLOSED, plus SYN_RECEIVED -> LISTEN (tcpAttemptFails). */
        ATTEMPT_FAILS,
        /** ESTABLISHED/CLOSE_WAIT -> CLOSED (tcpEstabResets). */
        ESTAB_RESETS,
        /** A gauge: connections now in ESTABLISHED or CLOSE_WAIT (tcpCurrEstab). */
        CURR_ESTAB,
        /** Segments received, including those in error (tcpInSegs). */
        IN_SEGS,
        /** Segments sent, retransmissions included (unlike RFC 4022 tcpOutSegs; subtract RetransSegs). */
        OUT_SEGS,
        /** Segments retransmitted: RTO expiry, fast retransmit, loss probes, SYN retransmission (tcpRetransSegs). */
        RETRANS_SEGS,
        /** Segments received in error: bad checksum, malformed header or options (tcpInErrs). */
        IN_ERRS,
        /** Segments sent with RST (tcpOutRsts). */
        OUT_RSTS,
        /**
         * Our name: segments other than a connection request (SYN without ACK) that matched no
         * connection: a listener or the RST of RFC 9293 §3.10.7.1 answers them. Behind a
         * multi-queue TUN with one stack per queue, a segment that reached another queue than its
         * connection's.
         */
        UNKNOWN_CONNECTION,
        /** SYN-ACKs sent with a SYN cookie instead of a half-open connection (Linux's SyncookiesSent). */
        SYNCOOKIES_SENT,
        /** ACKs that returned a valid SYN cookie and opened a connection (SyncookiesRecv). */
        SYNCOOKIES_RECV,
        /** ACKs to a listener that had sent cookies whose cookie was not valid: answered with RST (SyncookiesFailed). */
        SYNCOOKIES_FAILED,
        /** Challenge ACKs sent (RFC 5961 §3.2, §4.2, §5.2; Linux's TCPChallengeACK). */
        CHALLENGE_ACKS,
        /** Our name: challenge ACKs the limit of RFC 5961 §7 held back ({@link TcpConfig#challengeAckLimit()}). */
        CHALLENGE_ACKS_SUPPRESSED,
        /** Our name: RSTs for segments matching no connection that the limit held back ({@link TcpConfig#resetLimit()}). */
        OUT_RSTS_SUPPRESSED,
        /** ICMP errors quoting a sequence number outside SND.UNA..SND.NXT, ignored (RFC 5927 §4.1; OutOfWindowIcmps). */
        OUT_OF_WINDOW_ICMPS,
        /** Our name: connection attempts ended by a hard ICMP error (RFC 1122 §4.2.3.9). */
        ICMP_ABORTS,
        /** Keep-alive probes sent (Linux's TCPKeepAlive). */
        KEEPALIVE_PROBES,
        /**
         * Connections aborted because the peer stopped answering: retransmissions, zero-window
         * probes or keep-alive probes exhausted, or the user timeout passed (TCPAbortOnTimeout).
         */
        ABORT_ON_TIMEOUT,
        /** Times the buffers of all connections came under memory pressure ({@link MemoryBudget}; TCPMemoryPressures). */
        MEMORY_PRESSURES,
        /** Out-of-order segments whose text was dropped, not queued, under memory pressure (TCPOFODrop). */
        OFO_DROPS,
        /** In-order segments whose text was dropped, wholly or in part, because the memory limit was reached (TCPRcvQDrop). */
        RCV_Q_DROPS
    }

    /** One counter per reason a segment was discarded. */
    private static final class Drops extends LoopCounters<DropReason> {
        Drops() {
            super(DropReason.class);
        }
    }

    private final Drops drops = new Drops();

    public TcpCounters() {
        super(Counter.class);
    }

    /** Counts one discarded segment; event loop only. */
    void drop(DropReason reason) {
        drops.increment(reason);
    }

    public long activeOpens() { return get(Counter.ACTIVE_OPENS); }

    public long passiveOpens() { return get(Counter.PASSIVE_OPENS); }

    public long attemptFails() { return get(Counter.ATTEMPT_FAILS); }

    public long estabResets() { return get(Counter.ESTAB_RESETS); }

    public long currEstab() { return get(Counter.CURR_ESTAB); }

    public long inSegs() { return get(Counter.IN_SEGS); }

    public long outSegs() { return get(Counter.OUT_SEGS); }

    public long retransSegs() { return get(Counter.RETRANS_SEGS); }

    public long inErrs() { return get(Counter.IN_ERRS); }

    public long outRsts() { return get(Counter.OUT_RSTS); }

    public long unknownConnection() { return get(Counter.UNKNOWN_CONNECTION); }

    public long drops(DropReason reason) {
        return drops.get(reason);
    }

    /** Every counter by its metric name (e.g. {@code ActiveOpens}, {@code Drop_BAD_CHECKSUM}); any thread. */
    @Override
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>(super.snapshot());
        m.putAll(drops.snapshot());
        return Collections.unmodifiableMap(m);
    }
}

package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.RST;

import io.tcpstack.core.wire.TcpOptions;
import java.util.concurrent.TimeUnit;

/**
 * The timestamps option of one connection (RFC 7323 §3-§5): the TSval clock, TS.Recent and
 * Last.ACK.sent, RTT measurement from TSecr (RTTM, §4) and protection against wrapped sequence
 * numbers (PAWS, §5). Loop-confined.
 */
final class TcpTimestamps {
    /** Option bytes the timestamps take in every segment once negotiated: NOP, NOP, kind, length, TSval, TSecr. */
    static final int OPTION_SPACE = 12;
    /** §5.5: TS.Recent is no longer valid after the connection was idle this long (24 days). */
    static final long TS_RECENT_LIFETIME_NANOS = TimeUnit.DAYS.toNanos(24);

    /** Snd.TS.OK (§3.2): both SYNs carried the option; every segment but RST carries it from then on. */
    boolean enabled;
    /**
     * Added to the millisecond clock to form TSval, per connection (§7.1 recommends a random
     * offset so TSval reveals no uptime and differs between connections). Set once at OPEN.
     */
    private int offset;
    /** TS.Recent (§4.3): the TSval to echo in TSecr; valid only with {@link #recentValid}. */
    int recent;
    /** When {@link #recent} was last set, on the clock of {@link TcpConnection#now()}. */
    private long recentAge;
    /** TS.Recent holds a value that is not older than {@link #TS_RECENT_LIFETIME_NANOS}. */
    private boolean recentValid;
    /** Last.ACK.sent (§4.3): the ACK field of the last segment we sent. */
    private int lastAckSent;

    /** Our SYN goes out: TSval = clock + {@code offset} from now on. */
    void open(int offset) {
        this.offset = offset;
    }

    /** TSval for a segment sent at {@code nowNanos}: a 1 ms clock (§5.4 allows 1 ms to 1 s per tick). */
    int value(long nowNanos) {
        return clock(nowNanos, offset);
    }

    /** TSval at {@code nowNanos} of a connection whose offset is {@code offset}. */
    static int clock(long nowNanos, int offset) {
        return (int) TimeUnit.NANOSECONDS.toMillis(nowNanos) + offset;
    }

    /**
     * The peer's SYN (or SYN|ACK answering ours): the option is used iff it carried one, since
     * ours always does (§3.2); TS.Recent starts at its TSval.
     */
    void peerSyn(TcpOptions options, long nowNanos) {
        enabled = options.hasTimestamps();
        if (enabled) {
            setRecent(options.tsVal(), nowNanos);
        }
    }

    /** Adds TSval and TSecr to a segment we send; TSecr is TS.Recent when the ACK bit is on, else 0 (§3.2). */
    void fill(TcpOptions out, int flags, long nowNanos) {
        out.timestamps(value(nowNanos), (flags & ACK) != 0 ? recent : 0);
    }

    /** A segment carrying ACK field {@code ack} is being sent. */
    void ackSent(int ack) {
        lastAckSent = ack;
    }

    /**
     * PAWS (§5.3 R1): a non-RST segment whose TSval is older than TS.Recent by more than
     * {@code toleranceNanos} is a duplicate from an earlier wrap of the sequence space. The
     * tolerance is 0 but for a disordered ACK (see {@link TcpConnection}). After 24 idle days
     * TS.Recent is invalid (§5.5) and nothing is rejected until it is set again.
     */
    boolean rejects(Segment seg, long nowNanos, long toleranceNanos) {
        if (!enabled || seg.has(RST) || !seg.options.hasTimestamps()) {
            return false;
        }
        if (recentValid && nowNanos - recentAge > TS_RECENT_LIFETIME_NANOS) {
            recentValid = false;
        }
        // TSval ticks of the peer's clock are taken as 1 ms, the finest §5.4 allows: the tolerance is at most that wide
        return recentValid && recent - seg.options.tsVal() > TimeUnit.NANOSECONDS.toMillis(toleranceNanos);
    }

    /**
     * §4.3 (1) and §5.3 R3, for a segment that passed the acceptability test: if SEG.TSval >=
     * TS.Recent and SEG.SEQ =< Last.ACK.sent, TS.Recent = SEG.TSval, so the echo is the TSval of
     * the earliest segment the next ACK acknowledges (delayed ACKs included).
     */
    void accepted(Segment seg, long nowNanos) {
        if (enabled && seg.options.hasTimestamps() && SeqNum.le(seg.seq, lastAckSent)
                && (!recentValid || seg.options.tsVal() - recent >= 0)) {
            setRecent(seg.options.tsVal(), nowNanos);
        }
    }

    /**
     * RTTM (§4.2): the round-trip time this ACK measures, now minus the TSval it echoes, in
     * nanoseconds; -1 without a usable echo (no option, no ACK bit, a TSecr of 0, which a peer
     * that has nothing to echo sends, or an echo from the future or older than {@code limitNanos},
     * which no segment of ours can produce).
     */
    long rttNanos(Segment seg, long nowNanos, long limitNanos) {
        if (!enabled || !seg.has(ACK) || !seg.options.hasTimestamps() || seg.options.tsEcr() == 0) {
            return -1;
        }
        long rtt = TimeUnit.MILLISECONDS.toNanos(value(nowNanos) - seg.options.tsEcr());
        return rtt >= 0 && rtt <= limitNanos ? rtt : -1;
    }

    private void setRecent(int tsVal, long nowNanos) {
        recent = tsVal;
        recentAge = nowNanos;
        recentValid = true;
    }
}

package io.tcpstack.core.tcp;

import java.util.concurrent.TimeUnit;

/**
 * RACK's per-connection state (RFC 8985 §5.2) and the steps of §6.2 that read it: the most
 * recently sent segment known delivered (RACK.xmit_ts, RACK.end_seq) and its RTT, the minimum
 * RTT, reordering detection (RACK.fack, RACK.reordering_seen) and the reordering window with
 * its D-SACK adaptation. The segments themselves are the {@link SentLog}'s. Loop-confined.
 */
final class Rack {
    /** RFC 8985 §6.2 step 4: the reordering window multiplier falls back to 1 after this many D-SACK-free recoveries. */
    static final int REO_WND_PERSIST = 16;
    /** Length of the windowed min-filter of RACK.min_RTT (Linux's tcp_min_rtt_wlen default). */
    static final long MIN_RTT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(300);

    /** RACK.xmit_ts: transmit time of the most recently sent segment delivered; valid with {@link #delivered}. */
    private long xmitTs;
    /** RACK.end_seq: the end of that segment. */
    private int endSeq;
    /** Some segment was delivered: {@link #xmitTs}, {@link #endSeq} and {@link #rtt} hold values. */
    private boolean delivered;
    /** RACK.rtt: the RTT measured from that segment's transmission. */
    private long rtt;
    /** RACK.min_RTT: the smallest RTT sample within {@link #MIN_RTT_WINDOW_NANOS}; Long.MAX_VALUE before the first. */
    private long minRtt = Long.MAX_VALUE;
    /** When {@link #minRtt} was measured. */
    private long minRttStamp;
    /** RACK.fack: the highest end sequence number delivered; valid with {@link #fackValid}. */
    private int fack;
    /** Some segment was delivered: {@link #fack} holds a value. */
    private boolean fackValid;
    /** RACK.reordering_seen: a segment sent once was delivered below RACK.fack. */
    boolean reorderingSeen;
    /** RACK.reo_wnd_mult: the reordering window in units of min_RTT / 4; >= 1. */
    int reoWndMult = 1;
    /** RACK.reo_wnd_persist: recoveries left before {@link #reoWndMult} resets. */
    private int reoWndPersist;
    /** RACK.dsack_round is set: a D-SACK grew the window in the round ending at {@link #dsackRound}. */
    private boolean dsackRoundActive;
    /** RACK.dsack_round: SND.NXT when the window last grew. */
    private int dsackRound;

    /** The current ACK carries a TSecr ({@link #ackEcho}): RFC 8985 §6.2 step 2's test for an ACK of the original transmission. */
    private boolean ackEchoValid;
    /** The current ACK's TSecr. */
    private int ackEcho;
    /** The connection's TSval clock, to compare TSecr with a segment's transmit time; null without timestamps. */
    private TcpTimestamps timestamps;
    /**
     * The current ACK delivered a segment that passed step 2's tests; {@link #ackBestTs} and
     * {@link #ackBestEnd} are the most recently sent of them (the last of the RFC's ascending walk).
     */
    private boolean ackHasBest;
    /** Transmit time of the current ACK's most recently sent delivered segment. */
    private long ackBestTs;
    /** End of that segment. */
    private int ackBestEnd;
    /** Arrival time of the current ACK. */
    private long now;

    /**
     * An ACK is about to report delivered segments.
     *
     * @param ts the connection's timestamps if the ACK carries a usable TSecr, else null
     * @param tsEcr the ACK's TSecr (with {@code ts})
     */
    void beginAck(TcpTimestamps ts, int tsEcr, long nowNanos) {
        timestamps = ts;
        ackEchoValid = ts != null;
        ackEcho = tsEcr;
        ackHasBest = false;
        now = nowNanos;
    }

    /**
     * RFC 8985 §6.2 steps 1-3 for one segment newly acknowledged, cumulatively or by SACK: an RTT
     * sample unless it may belong to the original transmission of a retransmitted segment, the
     * min-RTT filter, the candidate for RACK.xmit_ts, and reordering detection by RACK.fack.
     */
    void delivered(long segXmitTs, int segEnd, boolean retransmitted) {
        if (!fackValid || SeqNum.gt(segEnd, fack)) {
            fack = segEnd;
            fackValid = true;
        } else if (SeqNum.lt(segEnd, fack) && !retransmitted) {
            reorderingSeen = true; // step 3
        }
        long sample = now - segXmitTs;
        if (retransmitted) {
            if (ackEchoValid && ackEcho - timestamps.value(segXmitTs) < 0) {
                return; // the ACK echoes a TSval older than the retransmission: it answers the original
            }
            if (sample < minRtt) {
                return; // too fast to be the retransmission's round trip
            }
        }
        if (sample < minRtt || now - minRttStamp > MIN_RTT_WINDOW_NANOS) {
            minRtt = sample; // step 1
            minRttStamp = now;
        }
        if (!ackHasBest || sentAfter(segXmitTs, segEnd, ackBestTs, ackBestEnd)) {
            ackHasBest = true;
            ackBestTs = segXmitTs;
            ackBestEnd = segEnd;
        }
    }

    /** The ACK is processed: RACK.rtt and RACK.xmit_ts/end_seq from its most recently sent delivered segment (step 2). */
    void endAck() {
        if (!ackHasBest) {
            return;
        }
        rtt = now - ackBestTs;
        if (!delivered || sentAfter(ackBestTs, ackBestEnd, xmitTs, endSeq)) {
            xmitTs = ackBestTs;
            endSeq = ackBestEnd;
            delivered = true;
        }
    }

    /** RACK_sent_after(RACK.xmit_ts, RACK.end_seq, t, seq): RACK's segment was sent after the given one. */
    boolean sentAfter(long t, int seq) {
        return delivered && sentAfter(xmitTs, endSeq, t, seq);
    }

    private static boolean sentAfter(long t1, int seq1, long t2, int seq2) {
        return t1 - t2 > 0 || (t1 == t2 && SeqNum.gt(seq1, seq2));
    }

    long rtt() {
        return rtt;
    }

    /** RACK.min_RTT, 0 before the first sample. */
    long minRtt() {
        return minRtt == Long.MAX_VALUE ? 0 : minRtt;
    }

    /**
     * RFC 8985 §6.2 step 4, the D-SACK half: the first D-SACK of a round (SND.UNA past
     * RACK.dsack_round) widens the window by one min_RTT / 4 and keeps it for 16 recoveries.
     */
    void dsack(int una, int sndNxt) {
        if (dsackRoundActive && SeqNum.ge(una, dsackRound)) {
            dsackRoundActive = false;
        }
        if (!dsackRoundActive) {
            dsackRoundActive = true;
            dsackRound = sndNxt;
            reoWndMult++;
            reoWndPersist = REO_WND_PERSIST;
        }
    }

    /** Step 4: a fast or RTO recovery ended without D-SACK growth; after 16 the multiplier returns to 1. */
    void recoveryEnded() {
        if (--reoWndPersist <= 0) {
            reoWndMult = 1;
        }
    }

    /**
     * Step 4, RACK.reo_wnd: 0 while no reordering was seen and either recovery is under way or
     * DupThresh segments are SACKed (RACK then acts as the DupAck threshold would); otherwise
     * reo_wnd_mult * min_RTT / 4, at most SRTT.
     */
    long reoWnd(boolean inRecovery, int segsSacked, long srtt) {
        if (!reorderingSeen && (inRecovery || segsSacked >= FastRecovery.DUP_THRESH)) {
            return 0;
        }
        return Math.min(reoWndMult * (minRtt() / 4), srtt);
    }
}

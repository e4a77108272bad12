package io.tcpstack.core.tcp;

import java.util.concurrent.TimeUnit;

/**
 * The Tail Loss Probe of RFC 8985 §7: when the ACKs stop with data outstanding and no loss
 * known, a probe (new data, or the last segment again) is sent after the probe timeout so that
 * its ACK lets RACK find a lost tail before the retransmission timer would. This class keeps
 * the probe's state (TLP.end_seq, TLP.is_retrans) and computes the PTO; the sender sends.
 * Loop-confined.
 */
final class TailLossProbe {
    /** WCDelAckT (RFC 8985 §7.2): the worst-case delayed-ACK time a single-segment flight waits for. */
    static final long WC_DEL_ACK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** PTO before any RTT sample (RFC 8985 §7.2). */
    static final long INITIAL_PTO_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** TLP.end_seq is set: a probe is outstanding and no further probe is sent until its ACK is judged. */
    private boolean outstanding;
    /** TLP.end_seq: SND.NXT after the probe was sent. */
    private int endSeq;
    /** TLP.is_retrans: the probe resent the last segment rather than new data. */
    private boolean isRetrans;

    boolean outstanding() {
        return outstanding;
    }

    /**
     * RFC 8985 §7.2 TLP_calc_PTO: 2 * SRTT, plus WCDelAckT when a single segment is in flight;
     * 1 s before an RTT sample; never later than the retransmission timer.
     */
    static long pto(long srtt, boolean oneSegment, long untilRto) {
        long pto = srtt == 0 ? INITIAL_PTO_NANOS : 2 * srtt + (oneSegment ? WC_DEL_ACK_NANOS : 0);
        return Math.min(pto, untilRto);
    }

    /** A probe was sent (RFC 8985 §7.3): TLP.end_seq = SND.NXT. */
    void sent(int sndNxt, boolean retransmission) {
        outstanding = true;
        endSeq = sndNxt;
        isRetrans = retransmission;
    }

    /**
     * RFC 8985 §7.4 TLP_process_ack for an ACK at or above TLP.end_seq: a probe of new data, or
     * one the peer reports as a duplicate (D-SACK), shows no loss; a retransmitted probe
     * acknowledged by an ACK beyond TLP.end_seq repaired a loss; a pure duplicate ACK ends the
     * episode too.
     *
     * @param dsack the ACK carries a D-SACK block, ending at {@code dsackRight}
     * @param duplicate the ACK neither acknowledges nor SACKs new data
     * @return true if the probe repaired a loss: congestion control must react to it
     */
    boolean ack(int segAck, boolean dsack, int dsackRight, boolean duplicate) {
        if (!outstanding || SeqNum.lt(segAck, endSeq)) {
            return false;
        }
        boolean dsackOfProbe = dsack && dsackRight == endSeq; // both the original and the probe arrived
        if (!isRetrans || dsackOfProbe || duplicate) {
            outstanding = false;
            return false;
        }
        if (SeqNum.gt(segAck, endSeq)) {
            outstanding = false;
            return true;
        }
        return false;
    }

    /** A retransmission timeout or recovery took over: the probe is no longer judged. */
    void reset() {
        outstanding = false;
    }
}

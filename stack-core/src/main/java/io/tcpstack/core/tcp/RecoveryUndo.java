package io.tcpstack.core.tcp;

/**
 * Detection of a spurious congestion event (fast retransmit or timeout): its retransmissions
 * are counted, and each one shown unnecessary is taken off, by a D-SACK reporting the duplicate
 * (RFC 3708 §3) or, for the event's first retransmission, by the Eifel test on the timestamp
 * the ACK echoes (RFC 3522 §3.2). When none is left the event was spurious and the sender
 * undoes it (RFC 4015). The test stays open until the next congestion event or until a
 * retransmission is shown needed. Loop-confined.
 */
final class RecoveryUndo {
    /** A congestion event is under test; the fields below describe it. */
    private boolean open;
    /** Retransmissions (of at most one SMSS each) not yet shown unnecessary; > 0 once one was sent. */
    private int unproven;
    /** At least one retransmission was sent in this event: {@link #lowRtx} and {@link #highRtx} hold values. */
    private boolean retransmitted;
    /** The lowest sequence number retransmitted in this event. */
    private int lowRtx;
    /** One past the highest sequence number retransmitted in this event. */
    private int highRtx;
    /** The Eifel test of the first retransmission waits for the ACK that covers it. */
    private boolean eifelPending;
    /** Sequence number of the event's first retransmission. */
    private int firstSeq;
    /** RetransmitTS (RFC 3522 §3.2 step 1): the TSval of the first retransmission. */
    private int firstTsVal;
    /** The Eifel test showed the first retransmission unnecessary: its D-SACK is not counted again. */
    private boolean firstProven;

    /** A congestion event begins. */
    void start() {
        open = true;
        unproven = 0;
        retransmitted = false;
        eifelPending = false;
        firstProven = false;
    }

    /**
     * A retransmission of {@code [seq, end)} was sent, with TSval {@code tsVal} ({@code timestamps}:
     * the option is in use).
     */
    void retransmission(int seq, int end, boolean timestamps, int tsVal) {
        if (!open) {
            return;
        }
        if (!retransmitted) {
            lowRtx = seq;
            highRtx = end;
            if (timestamps) {
                eifelPending = true;
                firstSeq = seq;
                firstTsVal = tsVal;
            }
        }
        retransmitted = true;
        lowRtx = SeqNum.min(lowRtx, seq);
        highRtx = SeqNum.max(highRtx, end);
        unproven++;
    }

    /**
     * RFC 3522 §3.2 step 3: the first ACK covering the first retransmission. A TSecr older than
     * RetransmitTS means the original was delivered; otherwise the retransmission was needed and
     * the event stands.
     *
     * @return true if the event is now shown spurious
     */
    boolean ack(int segAck, boolean echoValid, int tsEcr) {
        if (!open || !eifelPending || !SeqNum.gt(segAck, firstSeq)) {
            return false;
        }
        eifelPending = false;
        if (!echoValid || tsEcr - firstTsVal >= 0) {
            open = false;
            return false;
        }
        firstProven = true;
        return proven();
    }

    /**
     * A D-SACK block {@code [left, right)} (RFC 2883) within the span this event retransmitted
     * reports duplicates its retransmissions caused (RFC 3708 §3), one per SMSS; a duplicate
     * elsewhere (the network's own) proves nothing.
     *
     * @return true if the event is now shown spurious
     */
    boolean dsack(int left, int right, int smss) {
        if (!open || !retransmitted || SeqNum.lt(left, lowRtx) || SeqNum.gt(right, highRtx)) {
            return false;
        }
        if (firstProven && left == firstSeq) {
            firstProven = false; // the first retransmission's duplicate, already counted by Eifel
            return false;
        }
        int segments = Math.max(1, (SeqNum.diff(right, left) + smss - 1) / smss);
        unproven -= segments - 1;
        return proven();
    }

    private boolean proven() {
        if (--unproven > 0) {
            return false;
        }
        open = false;
        return true;
    }
}

package io.tcpstack.core.tcp;

/**
 * Detection of a spurious congestion event (fast retransmit or timeout), two ways: its
 * retransmissions are counted and each D-SACK reporting one of them as a duplicate takes one off
 * (RFC 3708 §3), so none left means all were unnecessary; or, with timestamps, the Eifel test
 * finds the ACK of the event's first retransmission echoing an older TSval (RFC 3522 §3.2): the
 * original arrived, and the event, which that retransmission began, was spurious (as Linux
 * undoes a recovery on a delayed original). The sender then undoes it (RFC 4015). The test stays
 * open until the next congestion event. Loop-confined.
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

    /**
     * A congestion event begins: {@code undo} tests it, or a new test if there was none (a
     * connection without congestion events has none).
     *
     * @return the test now open
     */
    static RecoveryUndo start(RecoveryUndo undo) {
        RecoveryUndo u = undo == null ? new RecoveryUndo() : undo;
        u.open = true;
        u.unproven = 0;
        u.retransmitted = false;
        u.eifelPending = false;
        return u;
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
     * RetransmitTS means the original was delivered: the event was spurious. A newer one proves nothing here: the ACK a
     * duplicate draws echoes the duplicate's TSval (RFC 7323 §4.3 takes it into TS.Recent) and may
     * overtake the original's ACK on the way back, so the D-SACK test stays open.
     *
     * @return true if the event is now shown spurious
     */
    boolean ack(int segAck, boolean echoValid, int tsEcr) {
        if (!open || !eifelPending || !SeqNum.gt(segAck, firstSeq)) {
            return false;
        }
        eifelPending = false;
        if (!echoValid || tsEcr - firstTsVal >= 0) {
            return false;
        }
        open = false;
        return true;
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

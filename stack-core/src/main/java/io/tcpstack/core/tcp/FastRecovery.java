package io.tcpstack.core.tcp;

/**
 * Loss detection by duplicate ACKs and the phases of fast recovery (RFC 5681 §3.2 with RFC 6582's
 * modification): three duplicate ACKs trigger a fast retransmit, recovery lasts until the data
 * outstanding at that moment ({@link #recover}) is acknowledged, a partial ACK retransmits the
 * next hole. Without SACK the window arithmetic of NewReno recovery (inflation by duplicate ACKs,
 * deflation by partial ACKs) is kept here as {@link #inflation}, on top of the controller's cwnd.
 * With SACK the same phases hold RFC 6675's recovery, entered when RACK marks a loss
 * ({@link #enter}; recover is RecoveryPoint) and without inflation: the {@link SentLog} counts the pipe.
 * Loop-confined.
 */
final class FastRecovery {
    /** RFC 5681 §3.2: duplicate ACKs that signal a loss. */
    static final int DUP_THRESH = 3;

    /** Duplicate ACKs in a row (RFC 5681 §2 definition) since the last ACK of new data. */
    private int dupAcks;
    /**
     * RFC 6582 "recover": the highest sequence number sent when the last recovery began or the
     * last retransmission timeout fired (ISS until then). A new fast retransmit starts only for
     * duplicate ACKs above it (§3.2 step 1), so one window of losses is one congestion event.
     */
    private int recover;
    /** In fast recovery: between the fast retransmit and the ACK that covers {@link #recover}. */
    private boolean inRecovery;
    /** A partial ACK arrived during this recovery (only the first one restarts the timer, RFC 6582 §3.2 partial acknowledgments). */
    private boolean partialAckSeen;
    /**
     * Bytes added to cwnd during recovery: 3 * SMSS at entry, one SMSS per further duplicate ACK,
     * minus what partial ACKs acknowledge (RFC 5681 §3.2 steps 3 and 4, RFC 6582 §3.2); 0 outside
     * recovery. May
     * be negative after deflation.
     */
    private int inflation;
    /** SACK was negotiated: RFC 6675 governs recovery (see {@link #sack(boolean)}). */
    private boolean sack;

    /** The connection starts: recover = ISS (RFC 6582 §3.2). */
    void start(int iss) {
        recover = iss;
        dupAcks = 0;
        inRecovery = false;
        inflation = 0;
    }

    boolean inRecovery() {
        return inRecovery;
    }

    int inflation() {
        return inflation;
    }

    /** RFC 6675 recovery (SACK): no window inflation or deflation, pipe counts the flight instead. */
    void sack(boolean on) {
        sack = on;
    }

    /** recover (RFC 6582), RecoveryPoint (RFC 6675 §2). */
    int recover() {
        return recover;
    }

    /**
     * Without SACK, a duplicate ACK (RFC 5681 §2) arrived.
     *
     * @param ack its acknowledgment number (SND.UNA)
     * @param highestSent SND.MAX - 1, the highest sequence number sent
     * @param smss the sender MSS
     * @return true if a fast retransmit must begin now: the third duplicate ACK, and the ACK
     *     covers more than recover (RFC 6582 §3.2 step 1); recovery has then begun
     */
    boolean duplicateAck(int ack, int highestSent, int smss) {
        if (inRecovery) {
            inflation += smss; // RFC 5681 §3.2 step 4
            return false;
        }
        if (++dupAcks < DUP_THRESH || !SeqNum.gt(ack, recover)) {
            return false;
        }
        begin(highestSent);
        inflation = DUP_THRESH * smss; // RFC 5681 §3.2 step 3: cwnd = ssthresh + 3 * SMSS
        return true;
    }

    /**
     * With SACK, RACK marked a segment lost (RFC 8985 §6.2).
     *
     * @return true if recovery begins now: not already in it, and SND.UNA is above recover
     *     (one window of losses is one congestion event, RFC 6582 §3.2 step 1, RFC 6675 §5)
     */
    boolean enter(int una, int highestSent) {
        if (inRecovery || !SeqNum.gt(una, recover)) {
            return false;
        }
        begin(highestSent);
        return true;
    }

    private void begin(int highestSent) {
        recover = highestSent; // RFC 6582 §3.2 step 1, RFC 6675 §5 step 1 (RecoveryPoint)
        inRecovery = true;
        partialAckSeen = false;
        inflation = 0;
    }

    /** The congestion event proved spurious (RFC 4015): recovery ends, and a loss from SND.UNA on may start another. */
    void undo(int una) {
        inRecovery = false;
        inflation = 0;
        dupAcks = 0;
        recover = una - 1;
    }

    /** What an ACK of new data means for recovery. */
    enum AckKind {
        /** Outside recovery: the window may grow. */
        NORMAL,
        /** RFC 6582 §3.2 full acknowledgment: everything up to recover; recovery has ended. */
        FULL,
        /** The first partial ACK of this recovery: retransmit the next hole and restart the timer. */
        FIRST_PARTIAL,
        /** A later partial ACK: retransmit the next hole, the timer keeps running. */
        PARTIAL
    }

    /**
     * An ACK of new data arrived (duplicate ACK count reset). For a partial ACK, deflates the
     * window by the bytes it acknowledges and adds back one SMSS if that was at least an SMSS.
     */
    AckKind newAck(int ack, int acked, int smss) {
        dupAcks = 0;
        if (!inRecovery) {
            if (SeqNum.gt(ack - 1, recover)) {
                // recover follows SND.UNA - 1 outside recovery: same comparisons as the RFC's, but
                // never 2^31 bytes stale, where sequence comparisons would invert (RFC 9293 §3.4)
                recover = ack - 1;
            }
            return AckKind.NORMAL;
        }
        if (SeqNum.gt(ack, recover)) {
            inRecovery = false;
            inflation = 0;
            return AckKind.FULL;
        }
        if (!sack) {
            inflation -= acked;
            if (acked >= smss) {
                inflation += smss;
            }
        }
        boolean first = !partialAckSeen;
        partialAckSeen = true;
        return first ? AckKind.FIRST_PARTIAL : AckKind.PARTIAL;
    }

    /** RFC 6582 §3.2 retransmit timeouts: recover = highest sequence number sent; recovery ends. */
    void timeout(int highestSent) {
        recover = highestSent;
        inRecovery = false;
        inflation = 0;
        dupAcks = 0;
    }
}

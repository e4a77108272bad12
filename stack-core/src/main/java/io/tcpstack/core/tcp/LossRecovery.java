package io.tcpstack.core.tcp;

/**
 * How the sender finds and repairs losses, chosen once when the SYNs' options are known
 * ({@link TcpSender#negotiated}): {@link RenoRecovery} (duplicate ACKs and NewReno, RFC 5681
 * §3.2, RFC 6582) without SACK, {@link SackRecovery} (RACK-TLP, RFC 8985, with RFC 6675's pipe)
 * with it. The sender keeps the sequence variables, the congestion window and the
 * retransmission timer; a recovery decides what to resend and when. Loop-confined.
 */
interface LossRecovery {
    /** An acceptable ACK begins (RFC 9293 §3.10.7.4 fifth check), carrying the usable TSecr {@code echo} if {@code echoValid}. */
    void ackBegins(boolean echoValid, int echo, long now);

    /** SND.UNA moved up to {@code ack}. */
    void acked(int ack);

    /**
     * The rest of the ACK, once SND.UNA and the window are updated.
     *
     * @param fresh the ACK acknowledged new data
     * @param duplicate the ACK is a duplicate ACK (RFC 5681 §2), judged before the window update
     */
    void ackEnds(Segment seg, boolean fresh, boolean duplicate);

    /**
     * A partial ACK during recovery (RFC 6582 §3.2).
     *
     * @param first the first partial ACK of this recovery
     * @return true if the retransmission timer restarts
     */
    boolean partialAck(boolean first);

    /** A full ACK ended recovery. */
    void recoveryEnded();

    /** The last congestion event proved spurious (RFC 4015): segments marked lost are not resent. */
    void congestionEventUndone();

    /** Sends what the windows allow now. */
    void output();

    /** Sequence space {@code [seq, end)} was just sent, at {@code now}. */
    void sent(int seq, int end, long now, boolean retransmission);

    /** The retransmission timer fired (RFC 6298 §5.4-5.6; backoff and congestion response done): resend. */
    void retransmitTimeout(long now);

    /** A timer of this recovery ({@link TcpTimer#REORDER}, {@link TcpTimer#LOSS_PROBE}) fired. */
    void timerFires(TcpTimer kind);

    /** Stops this recovery's timers. */
    void stopTimers();

    /** The TCB is deleted. */
    void release();

    /** Fills in this recovery's part of a snapshot. */
    void describe(TcbSnapshot.Builder snapshot);
}

package io.tcpstack.core.tcp;

/**
 * The congestion window of one connection (RFC 5681 §3): how many bytes may be in flight, and
 * how that changes as ACKs arrive and losses are found. The sender sends while its flight size
 * stays under min(cwnd, rwnd); loss detection and the retransmissions themselves (fast
 * retransmit, fast recovery, RTO go-back-N) belong to the sender, which reports them here.
 *
 * <p>Choices the sender makes around this interface: after more than an RTO without sending, the
 * window restarts from min(IW, cwnd) (RFC 5681 §4.1's restart window, chosen over RFC 7661 for
 * its simplicity: no pipeACK sampling); cwnd grows only on ACKs that arrive while the flight
 * filled it (an application- or peer-window-limited sender does not inflate a window it never
 * used); recovery follows RFC 6582 (NewReno) without SACK and RFC 6675 with it, for every
 * controller (RFC 9438 §4.6 keeps the standard recovery for CUBIC).
 *
 * <p>All sizes are in bytes. Called on the connection's event loop only.
 */
public interface CongestionControl {
    /** cwnd: bytes that may be in flight; at least one SMSS. */
    int cwnd();

    /** ssthresh: the window below which the sender is in slow start (RFC 5681 §3.1). */
    int ssthresh();

    /**
     * New data was cumulatively acknowledged outside loss recovery while the sender was limited
     * by cwnd: grow the window (slow start or congestion avoidance).
     *
     * @param bytesAcked sequence space newly acknowledged by this ACK
     * @param rttNanos smoothed round-trip time, 0 before the first sample
     * @param now the clock, in nanoseconds
     */
    void onAck(int bytesAcked, long rttNanos, long now);

    /**
     * Loss detected by duplicate ACKs (or SACK): fast retransmit begins (RFC 5681 §3.2 step 2,
     * RFC 6582 §3.2). Sets ssthresh and the window that recovery starts from.
     *
     * @param flightSize bytes outstanding when the loss was detected
     */
    void onFastRetransmit(int flightSize, long now);

    /**
     * A full acknowledgment ends fast recovery (RFC 6582 §3.2).
     *
     * @param flightSize bytes still outstanding after that ACK
     */
    void onRecoveryExit(int flightSize, long now);

    /**
     * The first retransmission timeout of a loss episode (RFC 5681 §3.1: later timeouts of the
     * same segment keep ssthresh): cwnd falls to the loss window of one SMSS.
     *
     * @param flightSize bytes outstanding when the timer fired
     */
    void onRetransmissionTimeout(int flightSize, long now);

    /**
     * Every retransmission of the last congestion event (fast retransmit or timeout) proved
     * unnecessary (RFC 3522 / RFC 3708 detection): return to the window and threshold held before
     * it (RFC 4015 §2 response, restoring cwnd and ssthresh).
     */
    void onSpuriousCongestionEvent(long now);

    /** The sender sent nothing for longer than an RTO and is about to send again (RFC 5681 §4.1). */
    void onIdleRestart(long now);

    /** Makes a controller for a connection once its sender MSS (SMSS) is known. */
    @FunctionalInterface
    interface Factory {
        CongestionControl create(int smss);
    }
}

package io.tcpstack.core.tcp;

/**
 * What NewReno and CUBIC share: the RFC 6928 initial window, RFC 5681 slow start with RFC 3465
 * appropriate byte counting, the loss window after a timeout, the end of fast recovery and the
 * restart window after idle. Subclasses supply congestion avoidance and the reaction to loss.
 */
abstract class AbstractCongestionControl implements CongestionControl {
    /** RFC 3465 §2.2: slow start grows cwnd by at most L * SMSS per ACK, with L = 2. */
    static final int ABC_LIMIT = 2;

    /** Largest cwnd: keeps the byte arithmetic far from int overflow. */
    static final int MAX_CWND = 1 << 30;

    /** SMSS: the sender's maximum segment size, > 0. */
    final int smss;

    /** cwnd in bytes: SMSS <= cwnd <= {@link #MAX_CWND}. */
    int cwnd;

    /** ssthresh in bytes: "arbitrarily high" until the first loss (RFC 5681 §3.1), then >= 2 * SMSS. */
    int ssthresh = Integer.MAX_VALUE;

    /** cwnd just before the last congestion event, restored if it proves spurious; 0 before any. */
    private int priorCwnd;

    /** ssthresh just before the last congestion event, restored if it proves spurious. */
    private int priorSsthresh = Integer.MAX_VALUE;

    AbstractCongestionControl(int smss) {
        if (smss <= 0) {
            throw new IllegalArgumentException("SMSS must be positive: " + smss);
        }
        this.smss = smss;
        this.cwnd = initialWindow(smss);
    }

    /** RFC 6928 §2: IW = min(10 * MSS, max(2 * MSS, 14600)). */
    static int initialWindow(int smss) {
        return Math.min(10 * smss, Math.max(2 * smss, 14600));
    }

    @Override
    public final int cwnd() {
        return cwnd;
    }

    @Override
    public final int ssthresh() {
        return ssthresh;
    }

    @Override
    public final void onAck(int bytesAcked, long rttNanos, long now) {
        if (cwnd < ssthresh) {
            cwnd = Math.min(cwnd + Math.min(bytesAcked, ABC_LIMIT * smss), MAX_CWND); // RFC 5681 §3.1, RFC 3465 §2.2
        } else {
            congestionAvoidance(bytesAcked, rttNanos, now);
        }
    }

    /** RFC 5681 §3.1: cwnd >= ssthresh. */
    abstract void congestionAvoidance(int bytesAcked, long rttNanos, long now);

    /** A congestion event: sets ssthresh and whatever the algorithm remembers about it. */
    abstract void congestionEvent(int flightSize, boolean timeout, long now);

    @Override
    public final void onFastRetransmit(int flightSize, long now) {
        remember();
        congestionEvent(flightSize, false, now);
        cwnd = ssthresh; // RFC 5681 §3.2 step 2 (NewReno's 3 * SMSS inflation is the sender's)
    }

    /** RFC 6582 §3.2 full acknowledgment, first option: cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS). */
    @Override
    public final void onRecoveryExit(int flightSize, long now) {
        cwnd = Math.min(ssthresh, Math.max(flightSize, smss) + smss);
    }

    /** RFC 5681 §3.1: cwnd = LW = 1 SMSS. */
    @Override
    public final void onRetransmissionTimeout(int flightSize, long now) {
        remember();
        congestionEvent(flightSize, true, now);
        cwnd = smss;
    }

    private void remember() {
        priorCwnd = cwnd;
        priorSsthresh = ssthresh;
        rememberEvent();
    }

    /** RFC 4015 §2: cwnd and ssthresh go back to their values before the event (never lower than now). */
    @Override
    public final void onSpuriousCongestionEvent(long now) {
        cwnd = Math.max(cwnd, priorCwnd);
        ssthresh = Math.max(ssthresh, priorSsthresh);
        undoEvent();
    }

    /** A congestion event is about to change the algorithm's own state: keep what {@link #undoEvent} restores. */
    void rememberEvent() {
    }

    /** The last congestion event was spurious: restore what {@link #rememberEvent} kept. */
    void undoEvent() {
    }

    /** RFC 5681 §4.1: cwnd = min(RW, cwnd) with RW = min(IW, cwnd); ssthresh is kept. */
    @Override
    public void onIdleRestart(long now) {
        cwnd = Math.min(cwnd, initialWindow(smss));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[cwnd=" + cwnd + " ssthresh=" + ssthresh + "]";
    }
}

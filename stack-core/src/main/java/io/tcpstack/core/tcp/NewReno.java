package io.tcpstack.core.tcp;

/**
 * RFC 5681 congestion control: slow start and congestion avoidance with appropriate byte
 * counting (RFC 3465), ssthresh = max(FlightSize / 2, 2 * SMSS) on loss. Fast recovery with
 * partial ACKs (RFC 6582) is the sender's, on top of the window set here.
 */
final class NewReno extends AbstractCongestionControl {
    /** RFC 3465 §2.1 bytes_acked: bytes acknowledged in congestion avoidance not yet turned into growth; < cwnd. */
    private int bytesAcked;

    NewReno(int smss) {
        super(smss);
    }

    /** RFC 3465 §2.1: one SMSS per cwnd of bytes acknowledged (RFC 5681 equation 3 by bytes). */
    @Override
    void congestionAvoidance(int acked, long rttNanos, long now) {
        bytesAcked += acked;
        if (bytesAcked >= cwnd) {
            bytesAcked -= cwnd;
            cwnd = Math.min(cwnd + smss, MAX_CWND);
        }
    }

    /** RFC 5681 equation 4. */
    @Override
    void congestionEvent(int flightSize, boolean timeout, long now) {
        ssthresh = Math.max(flightSize / 2, 2 * smss);
        bytesAcked = 0;
    }

    @Override
    public void onIdleRestart(long now) {
        super.onIdleRestart(now);
        bytesAcked = 0;
    }
}

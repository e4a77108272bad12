package io.tcpstack.core.tcp;

/**
 * CUBIC (RFC 9438): after a congestion event the window follows
 * W_cubic(t) = C * (t - K)^3 + W_max (§4.2), concave up to the window of the last loss, then
 * convex; never slower than the Reno-friendly estimate W_est (§4.3). Slow start, the loss window
 * and recovery are RFC 5681's. Windows in the formulas are in segments, times in seconds.
 */
final class Cubic extends AbstractCongestionControl {
    /** C of §4.2, in segments / s^3. */
    static final double C = 0.4;
    /** {@link #k} while no congestion avoidance stage is under way. */
    private static final double NO_EPOCH = -1;
    /** beta_cubic of §4.6. */
    static final double BETA = 0.7;
    /** alpha_cubic of §4.3: 3 * (1 - beta) / (1 + beta). */
    static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);

    /** W_max (segments): the window just before the last reduction (§4.7 may lower it); 0 when unknown. */
    private double wMax;
    /** cwnd_prior (segments): the window at the last congestion event, for the alpha_cubic switch of §4.3. */
    private double cwndPrior;
    /** t_epoch (ns): when the current congestion avoidance stage began. */
    private long epochStart;
    /**
     * K (s): when W_cubic reaches W_max, measured from {@link #epochStart}; >= 0 while a congestion
     * avoidance stage is under way ({@link #epochStart} and {@link #wEst} are then valid), else
     * {@link #NO_EPOCH}.
     */
    private double k = NO_EPOCH;
    /** W_est (segments): the window Reno would have now (§4.3). */
    private double wEst;
    /** Growth of less than one byte owed to cwnd, in [0, 1). */
    private double carry;
    /** {@link #wMax} before the last congestion event, restored if the event proves spurious. */
    private double priorWMax;
    /** {@link #cwndPrior} before the last congestion event. */
    private double priorCwndPrior;

    Cubic(int smss) {
        super(smss);
    }

    /** §4.2 Figure 1, in segments. */
    double wCubic(double tSeconds) {
        double d = tSeconds - k;
        return C * d * d * d + wMax;
    }

    @Override
    void congestionAvoidance(int acked, long rttNanos, long now) {
        double w = (double) cwnd / smss;
        if (k < 0) {
            beginEpoch(w, now);
        }
        double segmentsAcked = (double) acked / smss;
        // §4.3: W_est += alpha_cubic * segments_acked / cwnd; alpha_cubic becomes 1 once W_est reaches cwnd_prior
        wEst += (wEst >= cwndPrior ? 1 : ALPHA) * segmentsAcked / w;
        double t = (now - epochStart) / 1e9;
        double target;
        if (wCubic(t) < wEst) {
            target = wEst; // §4.3 Reno-friendly region: cwnd = W_est
            grow((target - w) * smss);
        } else {
            // §4.2: target = W_cubic(t + RTT) within [cwnd, 1.5 cwnd]; §4.4/§4.5 grow by (target - cwnd) / cwnd per SMSS acked
            target = Math.min(Math.max(wCubic(t + rttNanos / 1e9), w), 1.5 * w);
            grow((target - w) / w * segmentsAcked * smss);
        }
    }

    /** §4.2: K = cbrt((W_max - cwnd_epoch) / C); §4.8: K = 0 and W_max = cwnd_epoch when no larger W_max is known. */
    private void beginEpoch(double w, long now) {
        epochStart = now;
        if (wMax <= w) {
            wMax = w;
            k = 0;
        } else {
            k = Math.cbrt((wMax - w) / C);
        }
        wEst = w; // §4.3: W_est = cwnd_epoch
    }

    private void grow(double bytes) {
        if (bytes <= 0) {
            return;
        }
        double total = bytes + carry;
        long whole = (long) total;
        carry = total - whole;
        cwnd = (int) Math.min(cwnd + whole, MAX_CWND);
    }

    /**
     * §4.6 multiplicative decrease (ssthresh = cwnd * beta_cubic, at least 2 SMSS), §4.7 fast
     * convergence (W_max = cwnd * (1 + beta_cubic) / 2 when below the previous W_max), §4.8 a
     * timeout leaves W_max to the next congestion avoidance stage.
     */
    @Override
    void congestionEvent(int flightSize, boolean timeout, long now) {
        double w = (double) cwnd / smss;
        wMax = timeout ? 0 : (w < wMax ? w * (1 + BETA) / 2 : w);
        cwndPrior = w;
        ssthresh = Math.max((int) (cwnd * BETA), 2 * smss);
        k = NO_EPOCH;
        carry = 0;
    }

    @Override
    void rememberEvent() {
        priorWMax = wMax;
        priorCwndPrior = cwndPrior;
    }

    /** W_max and cwnd_prior return to their values before the spurious event; a new epoch starts from the restored window. */
    @Override
    void undoEvent() {
        wMax = priorWMax;
        cwndPrior = priorCwndPrior;
        k = NO_EPOCH;
    }

    /** A new epoch starts with the next congestion avoidance ACK: t must not count the idle period (RFC 9438 §5.8). */
    @Override
    public void onIdleRestart(long now) {
        super.onIdleRestart(now);
        k = NO_EPOCH;
    }

    double k() {
        return k;
    }

    double wMax() {
        return wMax;
    }
}

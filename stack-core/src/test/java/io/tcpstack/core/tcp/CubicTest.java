package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * CUBIC against the formulas of RFC 9438, written out here with the RFC's constants: the window
 * after a loss, fed one ACK for the whole window per RTT, follows W_cubic(t + RTT).
 */
class CubicTest {
    private static final int MSS = 1000;
    private static final long RTT = 100_000_000;  // 100 ms
    private static final long T0 = 5_000_000_000L;
    private final Cubic cc = new Cubic(MSS);

    /** Slow start from 10 to {@code segments} segments. */
    private void growTo(int segments) {
        while (cc.cwnd() < segments * MSS) {
            cc.onAck(Math.min(2 * MSS, segments * MSS - cc.cwnd()), RTT, 0);
        }
        assertThat(cc.cwnd()).isEqualTo(segments * MSS);
    }

    /** RFC 9438 §4.2 equation 1 with C = 0.4. */
    private static double wCubic(double t, double k, double wMax) {
        return 0.4 * Math.pow(t - k, 3) + wMax;
    }

    /** An ACK for the whole window at {@code t} seconds after T0. */
    private void ackWindowAt(double t) {
        cc.onAck(cc.cwnd(), RTT, T0 + Math.round(t * 1e9));
    }

    @Test
    void windowAfterLossFollowsTheCubicFunction() {
        growTo(100);
        cc.onFastRetransmit(100 * MSS, T0 - 1);
        assertThat(cc.ssthresh()).isEqualTo(70 * MSS);                        // §4.6: beta_cubic = 0.7
        assertThat(cc.cwnd()).isEqualTo(70 * MSS);
        double k = Math.cbrt(100 * (1 - 0.7) / 0.4);                          // §4.2 K = cbrt(W_max (1 - beta) / C)
        assertThat(k).isCloseTo(4.2172, within(1e-4));
        ackWindowAt(0);                                                       // the epoch starts here
        assertThat(cc.k()).isCloseTo(k, within(1e-9));
        for (int i = 1; i <= 50; i++) {                                       // concave, plateau at W_max, then convex
            double t = i * 0.1;
            ackWindowAt(t);
            double expected = wCubic(t + 0.1, k, 100);
            assertThat(cc.cwnd() / (double) MSS).as("cwnd at t=%.1f s", t).isCloseTo(expected, within(0.002));
        }
        assertThat(cc.cwnd()).isGreaterThan(100 * MSS);                      // past W_max after K seconds
    }

    @Test
    void fastConvergenceLowersWMaxWhenTheWindowShrinks() {
        growTo(100);
        cc.onFastRetransmit(100 * MSS, 0);
        assertThat(cc.wMax()).isEqualTo(100);
        cc.onRecoveryExit(70 * MSS, 0);
        cc.onFastRetransmit(70 * MSS, 1);                                     // second loss below W_max
        assertThat(cc.wMax()).isCloseTo(70 * (1 + 0.7) / 2, within(1e-9));    // §4.7
        assertThat(cc.cwnd()).isEqualTo(49 * MSS);
    }

    @Test
    void renoFriendlyRegionGrowsLikeRenoWhenThatIsFaster() {
        growTo(10);
        cc.onFastRetransmit(10 * MSS, 0);                                     // W_max 10, cwnd 7: K = 1.96 s, flat cubic
        assertThat(cc.cwnd()).isEqualTo(7 * MSS);
        double wEst = 7;
        for (int i = 0; i < 10; i++) {                                        // an ACK per 10 ms RTT
            double w = cc.cwnd() / (double) MSS;
            wEst += (wEst >= 10 ? 1 : 3 * (1 - 0.7) / (1 + 0.7)) * w / w;     // §4.3, alpha = 1 once W_est >= cwnd_prior
            cc.onAck(cc.cwnd(), 10_000_000, T0 + i * 10_000_000L);
            assertThat(cc.cwnd() / (double) MSS).as("ack %d", i).isCloseTo(wEst, within(0.002));
        }
        assertThat(cc.cwnd()).isGreaterThan(10 * MSS);
    }

    @Test
    void afterATimeoutTheCubicStartsFlatFromTheNewWindow() {
        growTo(100);
        cc.onRetransmissionTimeout(100 * MSS, 0);
        assertThat(cc.cwnd()).isEqualTo(MSS);
        assertThat(cc.ssthresh()).isEqualTo(70 * MSS);
        growTo(70);                                                           // slow start up to ssthresh
        ackWindowAt(0);                                                       // §4.8: K = 0, W_max = cwnd at CA start
        assertThat(cc.k()).isZero();
        for (int i = 1; i <= 20; i++) {
            double t = i * 0.1;
            ackWindowAt(t);
            double renoFloor = 70 + 3 * (1 - 0.7) / (1 + 0.7) * (i + 1);
            assertThat(cc.cwnd() / (double) MSS).isCloseTo(Math.max(wCubic(t + 0.1, 0, 70), renoFloor), within(0.2));
        }
    }

    @Test
    void idleRestartStartsANewEpoch() {
        growTo(100);
        cc.onFastRetransmit(100 * MSS, 0);
        ackWindowAt(0);
        ackWindowAt(1);
        cc.onIdleRestart(T0 + 60_000_000_000L);
        assertThat(cc.cwnd()).isEqualTo(10 * MSS);                            // RFC 5681 §4.1 restart window
        growTo(70);
        ackWindowAt(100);                                                     // a new epoch: K from W_max = 100
        assertThat(cc.k()).isCloseTo(Math.cbrt((100 - 70) / 0.4), within(1e-9));
    }
}

package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 5681 window arithmetic with RFC 3465 byte counting and the RFC 6928 initial window. */
class NewRenoTest {
    private static final int MSS = 1000;
    private final NewReno cc = new NewReno(MSS);

    @Test
    void initialWindowIsTenSegmentsWithin14600Bytes() {
        assertThat(cc.cwnd()).isEqualTo(10_000);                             // RFC 6928: min(10 MSS, max(2 MSS, 14600))
        assertThat(new NewReno(1460).cwnd()).isEqualTo(14_600);
        assertThat(new NewReno(9000).cwnd()).isEqualTo(18_000);              // 2 MSS above 14600 bytes
        assertThat(cc.ssthresh()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void slowStartCountsBytesUpToTwoSegmentsPerAck() {
        cc.onAck(500, 0, 0);
        assertThat(cc.cwnd()).isEqualTo(10_500);
        cc.onAck(5_000, 0, 0);                                                // RFC 3465 L = 2: at most 2 SMSS
        assertThat(cc.cwnd()).isEqualTo(12_500);
    }

    @Test
    void congestionAvoidanceAddsOneSegmentPerWindowAcknowledged() {
        cc.onFastRetransmit(20_000, 0);
        assertThat(cc.ssthresh()).isEqualTo(10_000);                         // FlightSize / 2
        assertThat(cc.cwnd()).isEqualTo(10_000);
        for (int i = 0; i < 9; i++) {
            cc.onAck(MSS, 0, 0);
        }
        assertThat(cc.cwnd()).isEqualTo(10_000);
        cc.onAck(MSS, 0, 0);
        assertThat(cc.cwnd()).isEqualTo(11_000);                             // 10 000 bytes acked = one cwnd
        for (int i = 0; i < 11; i++) {
            cc.onAck(MSS, 0, 0);
        }
        assertThat(cc.cwnd()).isEqualTo(12_000);
    }

    @Test
    void timeoutFallsToOneSegmentAndHalvesTheFlight() {
        cc.onRetransmissionTimeout(30_000, 0);
        assertThat(cc.cwnd()).isEqualTo(MSS);                                // loss window
        assertThat(cc.ssthresh()).isEqualTo(15_000);
        cc.onRetransmissionTimeout(1_000, 0);
        assertThat(cc.ssthresh()).isEqualTo(2 * MSS);                        // at least 2 SMSS
    }

    @Test
    void recoveryExitLimitsTheBurstToTheFlightPlusOneSegment() {
        cc.onFastRetransmit(40_000, 0);
        cc.onRecoveryExit(3_000, 0);
        assertThat(cc.cwnd()).isEqualTo(4_000);                              // min(ssthresh, max(FlightSize, SMSS) + SMSS)
        cc.onFastRetransmit(40_000, 0);
        cc.onRecoveryExit(30_000, 0);
        assertThat(cc.cwnd()).isEqualTo(20_000);
    }

    @Test
    void idleRestartReturnsToTheInitialWindowAndKeepsSsthresh() {
        for (int i = 0; i < 20; i++) {
            cc.onAck(2 * MSS, 0, 0);
        }
        assertThat(cc.cwnd()).isEqualTo(50_000);
        cc.onIdleRestart(0);
        assertThat(cc.cwnd()).isEqualTo(10_000);                             // RFC 5681 §4.1: min(RW, cwnd)
        assertThat(cc.ssthresh()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void algorithmsAreNamedForTheCommandLine() {
        assertThat(CongestionAlgorithm.parse("new-reno")).isEqualTo(CongestionAlgorithm.NEW_RENO);
        assertThat(CongestionAlgorithm.parse("Cubic")).isEqualTo(CongestionAlgorithm.CUBIC);
        assertThat(TcpConfig.DEFAULTS.congestionControl()).isEqualTo(CongestionAlgorithm.CUBIC);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CongestionAlgorithm.parse("vegas"))
                .hasMessage("unknown congestion control 'vegas' (cubic, new-reno, none)");
    }
}

package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RtoEstimatorTest {
    private static final long MS = 1_000_000;
    private static final long US = 1_000;
    private static final long SECOND = 1_000 * MS;

    private final RtoEstimator linuxLike = estimator(200 * MS, 120 * SECOND, SECOND);

    @Test
    void initialRtoBeforeAnySample() {
        assertThat(linuxLike.hasSample()).isFalse();
        assertThat(linuxLike.rto()).isEqualTo(SECOND);
        assertThat(linuxLike.srtt()).isZero();
        assertThat(linuxLike.rttvar()).isZero();
    }

    @Test
    void firstSampleSetsSrttAndHalfVariation() {
        linuxLike.sample(100 * MS);
        assertThat(linuxLike.hasSample()).isTrue();
        assertThat(linuxLike.srtt()).isEqualTo(100 * MS);
        assertThat(linuxLike.rttvar()).isEqualTo(50 * MS);
        assertThat(linuxLike.rto()).isEqualTo(100 * MS + 4 * 50 * MS);
    }

    @Test
    void laterSamplesSmoothWithAlphaEighthAndBetaQuarter() {
        linuxLike.sample(100 * MS);
        linuxLike.sample(200 * MS);
        // RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5 ms; SRTT = 7/8 * 100 + 1/8 * 200 = 112.5 ms
        assertThat(linuxLike.rttvar()).isEqualTo(62_500 * US);
        assertThat(linuxLike.srtt()).isEqualTo(112_500 * US);
        assertThat(linuxLike.rto()).isEqualTo(112_500 * US + 250 * MS);
    }

    @Test
    void variationUsesTheSrttBeforeTheUpdate() {
        linuxLike.sample(400 * MS);
        linuxLike.sample(0);
        // with the old SRTT: 3/4 * 200 + 1/4 * 400 = 250 ms; with the new (350 ms) it would be 237.5 ms
        assertThat(linuxLike.rttvar()).isEqualTo(250 * MS);
        assertThat(linuxLike.srtt()).isEqualTo(350 * MS);
    }

    @Test
    void computedRtoIsRaisedToTheMinimum() {
        linuxLike.sample(1 * MS);
        assertThat(linuxLike.rto()).isEqualTo(200 * MS);
    }

    @Test
    void computedRtoIsCappedAtTheMaximum() {
        RtoEstimator estimator = estimator(SECOND, 60 * SECOND, SECOND);
        estimator.sample(50 * SECOND);
        assertThat(estimator.rto()).isEqualTo(60 * SECOND);
    }

    @Test
    void granularityBoundsTheVariationTerm() {
        RtoEstimator estimator = estimator(0, 60 * SECOND, SECOND);
        for (int i = 0; i < 200; i++) {
            estimator.sample(10 * MS);
        }
        assertThat(estimator.rttvar()).isZero();
        assertThat(estimator.rto()).isEqualTo(10 * MS + RtoEstimator.CLOCK_GRANULARITY_NANOS);
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        RtoEstimator estimator = estimator(SECOND, 60 * SECOND, SECOND);
        long[] expected = {2, 4, 8, 16, 32, 60, 60};
        for (long seconds : expected) {
            estimator.backoff();
            assertThat(estimator.rto()).isEqualTo(seconds * SECOND);
        }
        estimator.resetBackoff();
        assertThat(estimator.rto()).isEqualTo(SECOND);
    }

    @Test
    void backoffNeverOverflows() {
        RtoEstimator estimator = estimator(1, Long.MAX_VALUE, Long.MAX_VALUE / 3);
        estimator.backoff();
        estimator.backoff();
        assertThat(estimator.rto()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void resetBackoffReturnsToTheMeasuredRto() {
        linuxLike.sample(100 * MS);
        linuxLike.backoff();
        linuxLike.backoff();
        assertThat(linuxLike.rto()).isEqualTo(4 * 300 * MS);
        linuxLike.resetBackoff();
        assertThat(linuxLike.rto()).isEqualTo(300 * MS);
    }

    @Test
    void newSampleReplacesTheBackedOffRto() {
        linuxLike.backoff();
        assertThat(linuxLike.rto()).isEqualTo(2 * SECOND);
        linuxLike.sample(100 * MS);
        assertThat(linuxLike.rto()).isEqualTo(300 * MS);
    }

    @Test
    void rejectsInconsistentBoundsAndNegativeSamples() {
        assertThatThrownBy(() -> estimator(2 * SECOND, SECOND, SECOND))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> estimator(SECOND, 60 * SECOND, 100 * MS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min <= initial <= max");
        assertThatThrownBy(() -> linuxLike.sample(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static RtoEstimator estimator(long minNanos, long maxNanos, long initialNanos) {
        return new RtoEstimator(TcpConfig.DEFAULTS.withRto(
                Duration.ofNanos(minNanos), Duration.ofNanos(maxNanos), Duration.ofNanos(initialNanos)));
    }
}

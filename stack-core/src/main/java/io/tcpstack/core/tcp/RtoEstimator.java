package io.tcpstack.core.tcp;

/**
 * Round-trip time measurement and the retransmission timeout, per RFC 6298. Without timestamps
 * one segment at a time is timed, and never one that was retransmitted (Karn's algorithm, §3):
 * the sender reports what it sends ({@link #sent}, {@link #retransmitted}) and acknowledgments
 * ({@link #acked}); with timestamps it feeds {@link #sample} itself (RFC 7323 §4.2). It backs off
 * on every retransmission timeout.
 */
final class RtoEstimator {
    /** G, the clock granularity of §2: the event loop's timers are millisecond-grained. */
    static final long CLOCK_GRANULARITY_NANOS = 1_000_000;

    /** K of §2. */
    private static final int K = 4;

    /**
     * The bounds: {@link TcpConfig#minRto} of every computed RTO (§2.4), {@link TcpConfig#maxRto}
     * of every RTO, computed or backed off (§2.5, §5.5), and the initial RTO (§2.1). Read from the
     * shared config rather than copied, so that each connection's estimator stays small.
     */
    private final TcpConfig config;

    /** Smoothed RTT; 0 until the first sample. */
    private long srtt;

    /** RTT variation; 0 until the first sample. */
    private long rttvar;

    /** Whether {@link #srtt} and {@link #rttvar} hold a measurement (§2.2) or not yet (§2.1). */
    private boolean hasSample;

    /** RTO from the measurements (or the initial RTO before any), within [min, max]. */
    private long computedRto;

    /** The RTO in force: {@link #computedRto} doubled once per backoff, at most max. */
    private long rto;

    /** A segment is being timed: sent at {@link #timedAt}, its acknowledgment reaches {@link #timedEnd}. */
    private boolean timing;
    /** The sequence number whose acknowledgment ends the running measurement. */
    private int timedEnd;
    private long timedAt;
    /** RTT samples come from the timestamps option (RFC 7323 §4.2): no segment is timed. */
    private boolean timestamps;

    public RtoEstimator(TcpConfig config) {
        long minRtoNanos = config.minRto().toNanos();
        long maxRtoNanos = config.maxRto().toNanos();
        long initialRtoNanos = config.initialRto().toNanos();
        if (minRtoNanos < 0 || minRtoNanos > maxRtoNanos
                || initialRtoNanos < minRtoNanos || initialRtoNanos > maxRtoNanos) {
            throw new IllegalArgumentException("RTO bounds must satisfy 0 <= min <= initial <= max, got min="
                    + minRtoNanos + " initial=" + initialRtoNanos + " max=" + maxRtoNanos + " ns");
        }
        this.config = config;
        this.computedRto = initialRtoNanos; // §2.1
        this.rto = initialRtoNanos;
    }

    /**
     * Feeds a round-trip time measurement R (§2.2, §2.3) and clears any backoff: the new RTO
     * is computed from the measurements alone (Karn's algorithm keeps the backed-off RTO only
     * until a sample from a segment that was not retransmitted arrives).
     */
    public void sample(long rttNanos) {
        if (rttNanos < 0) {
            throw new IllegalArgumentException("negative RTT sample: " + rttNanos + " ns");
        }
        if (!hasSample) {
            // §2.2: SRTT <- R, RTTVAR <- R/2
            srtt = rttNanos;
            rttvar = rttNanos / 2;
            hasSample = true;
        } else {
            // §2.3: RTTVAR <- (1 - 1/4) * RTTVAR + 1/4 * |SRTT - R'| (with the old SRTT),
            //       SRTT <- (1 - 1/8) * SRTT + 1/8 * R'
            rttvar = (3 * rttvar + Math.abs(srtt - rttNanos)) / 4;
            srtt = (7 * srtt + rttNanos) / 8;
        }
        // §2.2/§2.3: RTO <- SRTT + max(G, K * RTTVAR); §2.4, §2.5: clamped to [min, max]
        long candidate = srtt + Math.max(CLOCK_GRANULARITY_NANOS, K * rttvar);
        computedRto = Math.min(Math.max(candidate, config.minRto().toNanos()), config.maxRto().toNanos());
        rto = computedRto;
    }

    /** Samples come from timestamps (RFC 7323 §4.2) from now on, or from timed segments. */
    void timestamps(boolean on) {
        timestamps = on;
        timing &= !on;
    }

    /** New data (or a SYN) ending before {@code end} was sent at {@code now}: it is timed unless a segment already is. */
    void sent(int end, long now) {
        if (!timing && !timestamps) {
            timing = true;
            timedEnd = end;
            timedAt = now;
        }
    }

    /** Sequence space from {@code seq} was sent again: if the timed segment was, its ACK would be ambiguous (Karn). */
    void retransmitted(int seq) {
        if (timing && SeqNum.lt(seq, timedEnd)) {
            timing = false;
        }
    }

    /** Abandons the running measurement (a retransmission timeout, a SYN cookie's SYN|ACK sent at no known time). */
    void stopTiming() {
        timing = false;
    }

    /** SEG.ACK {@code ack} arrived at {@code now}: if it covers the timed segment, that is a sample (§3), and the backoff ends. */
    void acked(int ack, long now) {
        if (timing && SeqNum.ge(ack, timedEnd)) {
            timing = false;
            sample(now - timedAt);
            resetBackoff();
        }
    }

    /** The retransmission timeout to arm now, backoff included. */
    public long rto() {
        return rto;
    }

    /** §5.5: RTO <- RTO * 2, bounded by the maximum of §2.5. */
    public void backoff() {
        long max = config.maxRto().toNanos();
        rto = rto > max / 2 ? max : rto * 2;
    }

    /** Drops the backoff: {@link #rto()} returns to the value computed from the measurements. */
    public void resetBackoff() {
        rto = computedRto;
    }

    /** Smoothed round-trip time; 0 before the first sample. */
    public long srtt() {
        return srtt;
    }

    /** Round-trip time variation; 0 before the first sample. */
    public long rttvar() {
        return rttvar;
    }

    public boolean hasSample() {
        return hasSample;
    }
}

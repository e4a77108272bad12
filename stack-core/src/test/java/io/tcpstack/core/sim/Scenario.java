package io.tcpstack.core.sim;

import io.tcpstack.core.fault.FaultSpec;
import io.tcpstack.core.tcp.TcpConfig;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Everything one simulation run does, derived from its seed: the fault mix on the link and what
 * each application sends and how it reads and closes.
 *
 * @param seed      the run's seed; {@code Scenario.of(seed)} gives back this scenario
 * @param faults    the impairment of the link (both directions)
 * @param client    the active opener's behaviour
 * @param server    the passive opener's behaviour
 */
record Scenario(long seed, FaultSpec faults, AppPlan client, AppPlan server) {
    /** How a side ends its half of the conversation. */
    enum CloseStyle {
        /** shutdownOutput() once everything is sent, close() after the peer's FIN. */
        HALF_CLOSE,
        /** close() once everything is sent and everything expected arrived, maybe before the peer's FIN. */
        CLOSE_WHEN_DONE
    }

    /**
     * One application's plan.
     *
     * @param sendBytes       bytes it sends (content derived from the seed)
     * @param writeChunk      largest single send() call
     * @param readChunk       largest single receive() call
     * @param readDelay       zero to read everything as soon as it is readable, else read one chunk
     *                        per this much time (a slow reader: the window closes, probes follow)
     * @param receiveBuffer   the host's TCP receive buffer (small ones make the window matter)
     * @param waitForPeerEof  sends nothing until the peer's FIN arrived (request, then response)
     * @param close           how it closes
     */
    record AppPlan(int sendBytes, int writeChunk, int readChunk, Duration readDelay, int receiveBuffer,
                   boolean waitForPeerEof, CloseStyle close) {
        @Override
        public String toString() {
            return "send=" + sendBytes + " write<=" + writeChunk + " read<=" + readChunk
                    + (readDelay.isZero() ? "" : " readEvery=" + readDelay.toMillis() + "ms")
                    + " rcvbuf=" + receiveBuffer
                    + (waitForPeerEof ? " waitsForEof" : "") + " " + close;
        }
    }

    /** What seeds draw from: upper bounds of the fault mix. */
    record Limits(double loss, double duplicate, double reorder, Duration delay, double corrupt) {
        /** Everything the simulation is meant to survive. */
        static final Limits FULL = new Limits(0.10, 0.05, 0.05, Duration.ofMillis(50), 0.02);
    }

    static Scenario of(long seed, Limits limits) {
        SplittableRandom r = new SplittableRandom(seed);
        FaultSpec faults = FaultSpec.none().withSeed(r.nextLong());
        if (r.nextBoolean()) {
            faults = faults.withLoss(r.nextDouble() * limits.loss());
        }
        if (r.nextBoolean()) {
            faults = faults.withDuplicate(r.nextDouble() * limits.duplicate());
        }
        if (r.nextBoolean()) {
            faults = faults.withReorder(r.nextDouble() * limits.reorder(), r.nextInt(1, 6),
                    Duration.ofMillis(r.nextInt(1, 30)));
        }
        if (r.nextBoolean() && limits.delay().toMillis() > 0) {
            long delay = r.nextLong(1, limits.delay().toMillis() + 1);
            faults = faults.withDelay(Duration.ofMillis(delay), Duration.ofMillis(r.nextLong(0, delay + 1)));
        }
        if (r.nextBoolean()) {
            faults = faults.withCorrupt(r.nextDouble() * limits.corrupt());
        }
        boolean serverWaits = r.nextInt(4) == 0;
        AppPlan client = plan(r, false, serverWaits ? CloseStyle.HALF_CLOSE : null);
        AppPlan server = plan(r, serverWaits, null);
        return new Scenario(seed, faults, client, server);
    }

    private static AppPlan plan(SplittableRandom r, boolean waitForPeerEof, CloseStyle forced) {
        int size = switch (r.nextInt(10)) {
            case 0, 1 -> 0;
            case 2, 3, 4 -> r.nextInt(1, 2_000);
            case 5, 6, 7, 8 -> r.nextInt(2_000, 40_000);
            default -> r.nextInt(40_000, 200_000);
        };
        int writeChunk = r.nextBoolean() ? 65_536 : r.nextInt(1, 3_000);
        boolean slowReader = r.nextInt(8) == 0;
        int readChunk = slowReader ? r.nextInt(1_024, 16_384) : r.nextBoolean() ? 65_536 : r.nextInt(1, 3_000);
        Duration readDelay = slowReader ? Duration.ofMillis(r.nextInt(1, 20)) : Duration.ZERO;
        int receiveBuffer = r.nextInt(4) == 0 ? r.nextInt(1_460, 20_000) : TcpConfig.DEFAULTS.receiveBufferSize();
        CloseStyle close = forced != null ? forced : CloseStyle.values()[r.nextInt(CloseStyle.values().length)];
        return new AppPlan(size, writeChunk, readChunk, readDelay, receiveBuffer, waitForPeerEof, close);
    }

    @Override
    public String toString() {
        return "seed " + seed + ": faults " + faults + "; client " + client + "; server " + server;
    }
}

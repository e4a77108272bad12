package io.tcpstack.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Deterministic simulation: for each seed, two stacks over an impaired in-memory link open a
 * connection, move a seed-chosen amount of data both ways (simultaneous sends, half-closes,
 * simultaneous closes, slow readers, small windows), close, and every check of
 * {@link Simulation} must hold.
 *
 * <p>System properties:
 * <ul>
 *   <li>{@code sim.seeds}: how many seeds (default {@value #DEFAULT_SEEDS}); {@code sim.firstSeed}
 *       (default 1); {@code sim.seed}: replay one seed (with its debug log;
 *       {@code -Dsim.trace=true} adds every packet).
 *   <li>{@code sim.paranoidEvery}: Netty's leak detector runs in paranoid mode for every N-th
 *       seed (default {@value #DEFAULT_PARANOID_EVERY}; 1 for all). It records a stack trace per
 *       buffer, which costs ten times the run itself; every seed checks its allocator for
 *       unreleased buffers either way.
 * </ul>
 */
class SimulationTest {
    static final int DEFAULT_SEEDS = 2000;
    static final int DEFAULT_PARANOID_EVERY = 100;

    private static Logger stackLogger;
    private static Level stackLevel;
    private static ResourceLeakDetector.Level leakLevel;

    @BeforeAll
    static void quiet() {
        // Thousands of runs: per-transition debug lines would dominate the run time. A replayed seed keeps them.
        stackLogger = (Logger) LoggerFactory.getLogger("io.tcpstack");
        stackLevel = stackLogger.getLevel();
        leakLevel = ResourceLeakDetector.getLevel();
        if (System.getProperty("sim.seed") == null) {
            stackLogger.setLevel(Level.INFO);
        }
    }

    @AfterAll
    static void restore() {
        stackLogger.setLevel(stackLevel);
        ResourceLeakDetector.setLevel(leakLevel);
    }

    @Test
    void everySeedDeliversEveryByteOnceInOrderAndClosesCleanly() {
        int paranoidEvery = Integer.getInteger("sim.paranoidEvery", DEFAULT_PARANOID_EVERY);
        List<Long> seeds = seeds();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < seeds.size(); i++) {
            ResourceLeakDetector.setLevel(i % paranoidEvery == 0
                    ? ResourceLeakDetector.Level.PARANOID : ResourceLeakDetector.Level.DISABLED);
            String failure = Simulation.run(Scenario.of(seeds.get(i), Scenario.Limits.FULL));
            if (failure != null) {
                failures.add(failure);
                System.out.println(failure);
            }
        }
        System.out.printf("simulation: %d seeds from %d, %d failed, %d ms%n", seeds.size(),
                seeds.get(0), failures.size(), (System.nanoTime() - started) / 1_000_000);
        assertThat(failures).as("failed seeds").isEmpty();
    }

    private static List<Long> seeds() {
        String one = System.getProperty("sim.seed");
        if (one != null) {
            return List.of(Long.parseLong(one));
        }
        long first = Long.getLong("sim.firstSeed", 1);
        int count = Integer.getInteger("sim.seeds", DEFAULT_SEEDS);
        List<Long> seeds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            seeds.add(first + i);
        }
        return seeds;
    }
}

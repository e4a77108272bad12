package io.tcpstack.link;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class LoopCountersTest {
    /** A counter set of the test's own. */
    enum Counter implements LoopCounters.Named {
        IN_RECEIVES, IN_DELIVERS, GAUGE, OUT_DISCARDS
    }

    static final class TestCounters extends LoopCounters<Counter> {
        TestCounters() {
            super(Counter.class);
        }
    }

    @Test
    void countsAndSnapshotsInDeclarationOrder() {
        TestCounters counters = new TestCounters();
        counters.increment(Counter.IN_RECEIVES);
        counters.increment(Counter.IN_RECEIVES);
        counters.increment(Counter.OUT_DISCARDS);
        assertThat(counters.get(Counter.IN_RECEIVES)).isEqualTo(2);
        assertThat(counters.snapshot().keySet()).first().isEqualTo("InReceives");
        assertThat(counters.snapshot().keySet()).last().isEqualTo("OutDiscards");
        assertThat(counters.snapshot()).hasSize(Counter.values().length).containsEntry("OutDiscards", 1L);
    }

    @Test
    void anotherThreadReadsWhatTheOwnerWrote() throws Exception {
        TestCounters counters = new TestCounters();
        CompletableFuture<Void> owner = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 100_000; i++) {
                counters.increment(Counter.IN_DELIVERS);
            }
        });
        long seen = 0;
        while (!owner.isDone()) {
            long now = counters.get(Counter.IN_DELIVERS);
            assertThat(now).as("monotonic").isGreaterThanOrEqualTo(seen);
            seen = now;
        }
        owner.get();
        assertThat(counters.get(Counter.IN_DELIVERS)).isEqualTo(100_000);
    }

    @Test
    void aGaugeGoesUpAndDown() {
        TestCounters counters = new TestCounters();
        counters.add(Counter.GAUGE, 3);
        counters.add(Counter.GAUGE, -1);
        assertThat(counters.get(Counter.GAUGE)).isEqualTo(2);
        assertThat(counters.snapshot()).containsEntry("Gauge", 2L);
    }
}

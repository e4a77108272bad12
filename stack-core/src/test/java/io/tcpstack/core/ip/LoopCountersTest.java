package io.tcpstack.core.ip;

import io.tcpstack.core.ip.IpCounters.Counter;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class LoopCountersTest {

    @Test
    void countsAndSnapshotsInDeclarationOrder() {
        IpCounters counters = new IpCounters();
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
        IpCounters counters = new IpCounters();
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
}

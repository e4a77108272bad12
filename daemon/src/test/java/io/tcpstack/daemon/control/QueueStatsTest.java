package io.tcpstack.daemon.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.core.tcp.TcpState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueStatsTest {
    private static QueueStats queue(int queue, long inSegs, int established, long busy) {
        return new QueueStats(queue, Map.of("tcp", Map.of("InSegs", inSegs)), Map.of(TcpState.ESTABLISHED, established),
                6, 100 * (queue + 1), 10, 1000, 1 << 20, busy);
    }

    @Test
    void theTotalAddsUpWhatEachQueueHoldsAndCountsWhatTheyShareOnce() {
        QueueStats total = QueueStats.total(List.of(queue(0, 5, 1, 7), queue(1, 8, 2, 3)));

        assertThat(total.queue()).isEqualTo(QueueStats.ALL_QUEUES);
        assertThat(total.counters()).isEqualTo(Map.of("tcp", Map.of("InSegs", 13L)));
        assertThat(total.connections()).containsEntry(TcpState.ESTABLISHED, 3);
        assertThat(total.sendBufferBytes()).isEqualTo(300);
        assertThat(total.receiveBufferBytes()).isEqualTo(20);
        assertThat(total.memoryBytes()).isEqualTo(2000);
        assertThat(total.loopBusyNanos()).isEqualTo(10);
        assertThat(total.listeners()).as("every queue runs the same listeners").isEqualTo(6);
        assertThat(total.memoryLimitBytes()).as("one limit for all queues").isEqualTo(1 << 20);
    }

    @Test
    void busyTimeIsUnknownWhenOneQueueDidNotMeasureIt() {
        assertThat(QueueStats.total(List.of(queue(0, 1, 0, -1), queue(1, 1, 0, 3))).loopBusyNanos()).isEqualTo(-1);
    }
}

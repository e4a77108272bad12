package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.PSH;
import static io.tcpstack.core.wire.TcpHeader.RST;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.core.tcp.TcpHarness.Events;
import io.tcpstack.core.time.VirtualClock;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * Two layers that share one {@link SharedLimits}, as the queues of one stack do: the connection
 * limit, the memory budget, challenge ACKs and RSTs to segments matching no connection count for
 * both together, not for each.
 */
class SharedLimitsTest {
    private static final int PEER_ISN = 1000;

    private static TcpHarness[] queues(TcpConfig config) {
        SharedLimits limits = new SharedLimits(config, new VirtualClock(), 2);
        return new TcpHarness[] {new TcpHarness(config, limits), new TcpHarness(config, limits)};
    }

    @Test
    void theConnectionLimitCountsTheConnectionsOfEveryQueue() {
        TcpHarness[] q = queues(TcpConfig.builder().maxConnections(2).build());
        TcpEndpoint first = q[0].acceptOne(PEER_ISN, new Events());
        TcpEndpoint second = q[1].acceptOne(PEER_ISN, new Events());

        q[0].inject(seg(SYN).from(40_001).seq(PEER_ISN).mss(1460));
        q[0].expect(RST | ACK);
        assertThat(q[0].layer.counters().drops(DropReason.CONNECTION_LIMIT)).isEqualTo(1);
        assertThatThrownBy(() -> q[1].layer.connect(TcpLayer.socketAddress(TcpHarness.PEER, 80), new Events()))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(ConnectException.class)
                .hasMessageContaining("connection limit reached: 2");

        second.abort(); // its slot is free again, for the other queue too
        q[1].sent.clear();
        q[0].inject(seg(SYN).from(40_002).seq(PEER_ISN).mss(1460));
        q[0].expect(SYN | ACK);
        first.abort();
    }

    @Test
    void theBytesBufferedOnEveryQueueCountAgainstOneLimit() {
        int limit = 60_000; // each queue publishes its count in batches above limit/32 = 1,875 bytes
        TcpHarness[] q = queues(TcpConfig.builder().memoryLimit(limit).build());
        TcpEndpoint small = q[1].acceptOne(PEER_ISN, new Events());
        receive(q[1], 2);
        TcpEndpoint large = q[0].acceptOne(PEER_ISN, new Events());
        receive(q[0], 59); // the budget leaves room for 58 of them
        assertThat(q[0].layer.bufferedBytes()).isEqualTo(58_000);
        assertThat(q[0].layer.counters().get(TcpCounters.Counter.RCV_Q_DROPS)).isEqualTo(1);
        assertThat(q[0].layer.counters().get(TcpCounters.Counter.MEMORY_PRESSURES)).isEqualTo(1);

        q[1].inject(seg(SYN).from(40_001).seq(PEER_ISN).mss(1460)); // queue 1 holds 2,000 bytes, the stack 60,000
        q[1].expect(RST | ACK);
        assertThat(q[1].layer.counters().drops(DropReason.MEMORY_LIMIT)).isEqualTo(1);

        large.abort(); // its 58,000 bytes are released for both queues
        q[1].inject(seg(SYN).from(40_002).seq(PEER_ISN).mss(1460));
        q[1].expect(SYN | ACK);
        small.abort();
    }

    /** The peer of the harness's connection sends {@code n} in-order segments of 1,000 bytes, unread. */
    private static void receive(TcpHarness h, int n) {
        for (int i = 0, seq = PEER_ISN + 1; i < n; i++, seq += 1000) {
            h.inject(seg(PSH).seq(seq).ack(h.isn + 1).data(new byte[1000]));
        }
        h.sent.clear();
    }

    @Test
    void challengeAcksAndResetsAreBudgetedForTheWholeStack() {
        int limit = 10;
        TcpHarness[] q = queues(TcpConfig.builder().challengeAckLimit(limit).resetLimit(limit).build());
        for (int i = 0; i < limit; i++) { // ACKs to a closed port, half to each queue
            q[i % 2].inject(seg(ACK).to(9).seq(1).ack(1000 + i));
        }
        q[0].inject(seg(ACK).to(9).seq(1).ack(2000));
        q[1].inject(seg(ACK).to(9).seq(1).ack(2001));
        assertThat(q[0].sent.size() + q[1].sent.size()).isEqualTo(limit);
        assertThat(q[0].layer.counters().get(TcpCounters.Counter.OUT_RSTS_SUPPRESSED)).isEqualTo(1);
        assertThat(q[1].layer.counters().get(TcpCounters.Counter.OUT_RSTS_SUPPRESSED)).isEqualTo(1);
        q[0].sent.clear();
        q[1].sent.clear();

        TcpEndpoint a = q[0].acceptOne(PEER_ISN, new Events());
        TcpEndpoint b = q[1].acceptOne(PEER_ISN, new Events());
        int flood = 2 * limit;
        for (int i = 0; i < flood; i++) { // blind in-window RSTs (RFC 5961 §3.2) on both queues' connections
            q[i % 2].inject(seg(RST).seq(PEER_ISN + 100 + i).ack(q[i % 2].isn + 1));
        }
        long challenged = q[0].sent.size() + q[1].sent.size();
        assertThat(challenged).as("one second's budget for both: limit/2 up to limit*3/2").isBetween(limit / 2L, limit * 3L / 2 - 1);
        a.abort();
        b.abort();
    }
}

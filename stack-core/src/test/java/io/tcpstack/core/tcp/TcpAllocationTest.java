package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.tcpstack.core.tcp.TcpHarness.Events;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Guards the per-packet path against allocation: bytes allocated by the thread across many arriving segments. */
class TcpAllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int ROUNDS = 20_000;

    @Test
    void anArrivingAckAllocatesNothing() {
        TcpHarness h = new TcpHarness();
        h.acceptOne(1000, new Events());
        ByteBuf ack = h.packet(seg(0).seq(1001).ack(h.isn + 1)); // a pure ACK: processed, answered by nothing
        try {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            for (int i = 0; i < WARM_UP; i++) {
                h.layer.receive(ack, 20, TcpHarness.PEER, TcpHarness.US, false);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < ROUNDS; i++) {
                h.layer.receive(ack, 20, TcpHarness.PEER, TcpHarness.US, false);
            }
            long perAck = (threads.getCurrentThreadAllocatedBytes() - before) / ROUNDS;
            assertThat(perAck).as("bytes allocated per ACK").isLessThan(8);
            h.expectNothing();
        } finally {
            ack.release();
        }
    }
}

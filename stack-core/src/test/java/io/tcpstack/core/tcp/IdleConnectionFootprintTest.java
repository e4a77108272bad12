package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.PSH;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netty.buffer.ByteBuf;
import io.tcpstack.core.tcp.TcpHarness.Out;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What an idle established connection costs in heap: many connections are opened the way a Linux
 * client opens them (MSS, window scaling, SACK, timestamps), each echoes one byte, time passes
 * until every timer has run, and the live heap is compared before and after by class histogram.
 */
class IdleConnectionFootprintTest {
    /** Connections measured; enough that one-off growth (tables, class metadata) is noise per connection. */
    private static final int CONNECTIONS = 5_000;
    /** Connections opened before the first histogram, so the measured ones pay no warm-up. */
    private static final int WARM_UP = 500;
    /**
     * Heap an idle connection's TCB may retain, including its share of the connection table: issue
     * 13's 1 KiB per idle connection (C1M) with the application's share (an event-driven service's
     * stream object is 32 bytes) and this harness's own per-connection records (about 120 bytes
     * of strings, byte arrays and map nodes) on top. Measured at about 1,040 bytes, give or take
     * the connection table's last doubling, since the timers carry a tag instead of a lambda each
     * and the sent-segment log, SACK scoreboard, SACK reporter, tail loss probe, undo test and
     * out-of-order ranges exist only while they hold something (1,561 before; 967 to 1,022 before
     * RACK-TLP's per-connection state, and 2,789 before the buffers, queues, range sets, SACK
     * report arrays and timers were made on first use).
     */
    private static final long LIMIT_BYTES = 1100;

    @Test
    void anIdleEstablishedConnectionRetainsLittleHeap() {
        Logger stackLog = (Logger) LoggerFactory.getLogger("io.tcpstack");
        Level level = stackLog.getLevel();
        stackLog.setLevel(Level.INFO); // a transition line per connection would dominate the run
        try {
            TcpHarness h = new TcpHarness();
            h.layer.removeTransitionListener(h.recorder);
            Echo echo = new Echo(h);
            h.layer.listen(80, 128, e -> e.setEvents(echo));
            openIdle(h, 10_000, WARM_UP);
            HeapHistogram before = HeapHistogram.take();
            openIdle(h, 10_000 + WARM_UP, CONNECTIONS);
            HeapHistogram after = HeapHistogram.take();

            List<HeapHistogram.Row> growth = before.growthTo(after);
            long total = growth.stream().mapToLong(HeapHistogram.Row::bytes).sum();
            System.out.printf("retained per idle connection: %d bytes%n", total / CONNECTIONS);
            growth.stream().filter(r -> Math.abs(r.bytes()) >= CONNECTIONS)
                    .forEach(r -> System.out.printf("  %6d B %6.2f x %s%n", r.bytes() / CONNECTIONS,
                            (double) r.instances() / CONNECTIONS, r.className()));
            assertThat(h.layer.connections()).hasSize(WARM_UP + CONNECTIONS)
                    .allSatisfy(c -> assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED));
            assertThat(total / CONNECTIONS).as("bytes retained per idle connection").isLessThanOrEqualTo(LIMIT_BYTES);
            h.assertNoLeaks();
        } finally {
            stackLog.setLevel(level);
        }
    }

    /** Opens {@code count} connections from consecutive peer ports, echoes a byte on each, lets every timer run. */
    private static void openIdle(TcpHarness h, int firstPort, int count) {
        for (int port = firstPort; port < firstPort + count; port++) {
            h.inject(seg(SYN).from(port).seq(1000).mss(1460).ws(7).sackPermitted().ts(100, 0));
            int ourTs = h.expect(SYN | ACK).options().tsVal();
            h.inject(seg(0).from(port).seq(1001).ack(h.isn + 1).ts(101, ourTs));
            h.inject(seg(PSH).from(port).seq(1001).ack(h.isn + 1).ts(102, ourTs).data("x"));
            Out echoed = h.sent.stream().filter(o -> o.data().length == 1).findFirst().orElseThrow();
            h.sent.clear();
            h.inject(seg(0).from(port).seq(1002).ack(h.isn + 2).ts(103, echoed.options().tsVal()));
        }
        h.advance(Duration.ofSeconds(5));
        h.sent.clear();
    }

    /** Echoes whatever is readable; one instance serves every connection. */
    private static final class Echo implements TcpEndpointEvents {
        private final TcpHarness h;

        Echo(TcpHarness h) {
            this.h = h;
        }

        @Override
        public void onReadable(TcpEndpoint e) {
            ByteBuf b = h.alloc.buffer();
            try {
                e.read(b, Integer.MAX_VALUE);
                e.write(b);
            } finally {
                b.release();
            }
        }
    }
}

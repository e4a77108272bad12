package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.PSH;
import static io.tcpstack.core.wire.TcpHeader.RST;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.tcp.TcpHarness.Events;
import io.tcpstack.core.tcp.TcpHarness.Out;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The memory budget every connection's buffers share ({@link TcpConfig#memoryLimit}, Linux's
 * {@code tcp_mem}) and receive buffer auto-tuning, in virtual time: pressure from two thirds of the
 * limit (out-of-order text dropped, windows not reopened), the limit itself (buffers take only
 * their guarantee, connection requests get RST), and release back below half.
 */
class MemoryBudgetTest {
    private static final int LIMIT = 60_000; // pressure above 40,000, until back below 30,000
    private static final int SEGMENT = 1_000;
    private final TcpHarness h = new TcpHarness(TcpConfig.builder().memoryLimit(LIMIT).build());
    private final List<TcpEndpoint> accepted = new ArrayList<>();
    /** The peer's ISN, and its next sequence number, per connection. */
    private final int[] peerNxt = new int[8];

    @AfterEach
    void noLeaks() {
        accepted.forEach(TcpEndpoint::abort);
        h.sent.clear();
        h.assertNoLeaks();
    }

    private long counter(TcpCounters.Counter c) {
        return h.layer.counters().get(c);
    }

    /** Connection {@code i} from peer port 40000 + i, accepted on port 80 (no window scaling: windows are at most 65535). */
    private TcpEndpoint open(int i) {
        if (accepted.isEmpty()) {
            h.layer.listen(80, 16, accepted::add);
        }
        int isn = 1000 * (i + 1);
        h.inject(seg(SYN).from(40_000 + i).seq(isn).mss(1460));
        h.expect(SYN | ACK);
        h.inject(seg(0).from(40_000 + i).seq(isn + 1).ack(h.isn + 1));
        peerNxt[i] = isn + 1;
        TcpEndpoint e = accepted.get(accepted.size() - 1);
        e.setEvents(new Events());
        return e;
    }

    /** The peer of connection {@code i} sends {@code n} in-order segments; returns the last ACK the stack sent, if any. */
    private Out send(int i, int n) {
        for (int k = 0; k < n; k++) {
            h.inject(seg(PSH).from(40_000 + i).seq(peerNxt[i]).ack(h.isn + 1).data(new byte[SEGMENT]));
            peerNxt[i] += SEGMENT;
        }
        h.advance(java.time.Duration.ofMillis(200)); // the delayed ACK, if one is owed
        Out last = h.sent.peekLast();
        h.sent.clear();
        return last;
    }

    @Test
    void atTheLimitBuffersTakeOnlyTheirGuaranteeAndNewConnectionsAreRefused() {
        TcpEndpoint full = open(0);
        TcpEndpoint other = open(1);
        Out ack = send(0, 61); // 61,000 bytes offered inside a 65,535 window; the budget holds 60,000
        assertThat(h.layer.bufferedBytes()).isEqualTo(LIMIT);
        assertThat(full.readableBytes()).isEqualTo(LIMIT);
        assertThat(ack.ack()).as("the text beyond the limit is not acknowledged").isEqualTo(1001 + LIMIT);
        assertThat(counter(TcpCounters.Counter.RCV_Q_DROPS)).isEqualTo(1);
        assertThat(counter(TcpCounters.Counter.MEMORY_PRESSURES)).isEqualTo(1);

        h.inject(seg(SYN).from(40_007).seq(7000).mss(1460)); // a new connection request
        Out rst = h.expect(RST | ACK);
        assertThat(rst.ack()).isEqualTo(7001);
        assertThat(h.layer.counters().drops(DropReason.MEMORY_LIMIT)).isEqualTo(1);

        send(1, 20); // an existing connection still takes its guarantee: 16 KiB
        assertThat(other.readableBytes()).isEqualTo(MemoryBudget.GUARANTEE);
        assertThat(other.state()).isEqualTo(TcpState.ESTABLISHED);

        Out probe = send(0, 1); // a probe of the full connection is answered, its text dropped
        assertThat(probe.ack()).isEqualTo(1001 + LIMIT);

        full.skip(Integer.MAX_VALUE); // the user reads: the memory is back, and so are new connections
        other.skip(Integer.MAX_VALUE);
        assertThat(h.layer.bufferedBytes()).isZero();
        open(2);
        assertThat(accepted).hasSize(3);
    }

    @Test
    void underPressureOutOfOrderTextIsDroppedAndWindowsDoNotReopen() {
        TcpEndpoint pinned = open(0);
        TcpEndpoint reader = open(1);
        send(0, 41); // 41,000 bytes nobody reads: pressure
        assertThat(counter(TcpCounters.Counter.MEMORY_PRESSURES)).isEqualTo(1);

        h.inject(seg(PSH).from(40_001).seq(peerNxt[1] + 5 * SEGMENT).ack(h.isn + 1).data(new byte[SEGMENT]));
        Out dupAck = h.expect(ACK);
        assertThat(dupAck.ack()).isEqualTo(peerNxt[1]);
        assertThat(counter(TcpCounters.Counter.OFO_DROPS)).isEqualTo(1);
        assertThat(h.layer.bufferedBytes()).as("the out-of-order text was not queued").isEqualTo(41 * SEGMENT);

        Out ack = send(1, 10);
        assertThat(ack.window()).isEqualTo(65_535 - 10 * SEGMENT);
        reader.skip(Integer.MAX_VALUE);
        h.advance(java.time.Duration.ofMillis(200));
        assertThat(h.sent).as("no window update while under pressure").isEmpty();
        ack = send(1, 2);
        assertThat(ack.window()).as("the right edge stays where it was").isEqualTo(65_535 - 12 * SEGMENT);

        pinned.skip(Integer.MAX_VALUE); // below half the limit: no pressure, windows open again
        reader.skip(Integer.MAX_VALUE);
        ack = send(1, 2);
        assertThat(ack.window()).as("open in full again").isEqualTo(65_535);
    }

    @Test
    void sendBuffersShareTheBudgetToo() {
        TcpEndpoint first = open(0);
        TcpEndpoint second = open(1);
        ByteBuf data = Unpooled.wrappedBuffer(new byte[100_000]);
        assertThat(first.write(data)).isEqualTo(LIMIT);
        assertThat(second.writableBytes()).as("the guarantee").isEqualTo(MemoryBudget.GUARANTEE);
        data.readerIndex(0);
        assertThat(second.write(data)).isEqualTo(MemoryBudget.GUARANTEE);
        assertThat(second.writableBytes()).isZero();
        int acked = 0;
        for (int round = 0; round < 3; round++) { // what the first one sent is acknowledged, as its window opens
            acked += h.sent.stream().filter(o -> o.destinationPort() == 40_000).mapToInt(o -> o.data().length).sum();
            h.sent.clear();
            h.inject(seg(0).from(40_000).seq(peerNxt[0]).ack(h.isn + 1 + acked));
        }
        assertThat(acked).isGreaterThan(MemoryBudget.GUARANTEE);
        assertThat(h.layer.bufferedBytes()).isEqualTo(LIMIT - acked + MemoryBudget.GUARANTEE);
        assertThat(second.writableBytes()).as("what the acknowledgements freed").isEqualTo(acked - MemoryBudget.GUARANTEE);
        data.release();
    }

    @Test
    void theReceiveBufferDoublesWhileThePeerFillsTheWindowAndTheUserKeepsUp() {
        TcpHarness tuned = new TcpHarness(TcpConfig.builder().initialReceiveBuffer(16_384).buffers(1 << 20, 65_536).build());
        List<TcpEndpoint> ends = new ArrayList<>();
        tuned.layer.listen(80, 16, ends::add);
        tuned.inject(seg(SYN).seq(5000).mss(1460).ws(0));
        assertThat(tuned.expect(SYN | ACK).options().windowScale()).as("chosen for the largest buffer").isEqualTo(1);
        tuned.inject(seg(0).seq(5001).ack(tuned.isn + 1));
        TcpEndpoint e = ends.get(0);
        e.setEvents(new Events());
        int seq = 5001;
        int[] windows = new int[4];
        for (int round = 0; round < windows.length; round++) {
            int window = ((TcpConnection) e).snapshot().rcvWnd();
            for (int sent = 0; sent + SEGMENT <= window; sent += SEGMENT) {
                tuned.inject(seg(PSH).seq(seq).ack(tuned.isn + 1).data(new byte[SEGMENT]));
                seq += SEGMENT;
            }
            tuned.sent.clear();
            e.skip(Integer.MAX_VALUE); // the user keeps up: reads everything at once
            Out update = tuned.expect(ACK);
            windows[round] = update.window() << 1;
        }
        assertThat(windows).containsExactly(32_768, 65_536, 65_536, 65_536);
        e.abort();
        tuned.sent.clear();
        tuned.assertNoLeaks();
    }
}

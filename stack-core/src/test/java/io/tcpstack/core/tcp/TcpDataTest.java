package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.PSH;
import static io.tcpstack.core.wire.TcpHeader.RST;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.tcpstack.core.tcp.TcpHarness.Events;
import io.tcpstack.core.tcp.TcpHarness.Out;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Data transfer: §3.8 (retransmission, windows, SWS, delayed ACK, Nagle, persist), RFC 5961, wraparound. */
class TcpDataTest {
    private static final int P = 1000; // the peer's ISN
    private TcpHarness h = new TcpHarness();
    private final Events ev = new Events();

    @AfterEach
    void noLeaksNoTimers() {
        assertThat(h.timers.pendingTimers()).as("timers left").isZero();
        h.assertNoLeaks();
    }

    private static int ms(long millis) {
        return (int) millis;
    }

    @Test
    void inOrderDataIsAckedAfterTheDelayedAckTimeout() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(PSH).seq(P + 1).ack(h.isn + 1).data("hello"));
        h.expectNothing();
        assertThat(ev.readable).isEqualTo(1);
        h.advance(Duration.ofMillis(39));
        h.expectNothing();
        h.advance(Duration.ofMillis(1));
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 6);              // RFC 1122 §4.2.3.2: delayed, < 0.5 s
        assertThat(h.read(e)).isEqualTo("hello");
        e.abort();
        h.expect(RST);
    }

    @Test
    void everySecondFullSizedSegmentIsAckedAtOnce() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).data(new byte[1460]));
        h.expectNothing();
        h.inject(seg(0).seq(P + 1461).ack(h.isn + 1).data(new byte[1460]));
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 2921);
        assertThat(e.readableBytes()).isEqualTo(2920);
        e.abort();
        h.expect(RST);
    }

    @Test
    void inOrderDataOfAReadBatchIsAckedOnceWhenTheBatchEnds() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.layer.batchBegins();
        for (int i = 0; i < 6; i++) {
            h.inject(seg(0).seq(P + 1 + i * 1460).ack(h.isn + 1).data(new byte[1460]));
        }
        h.expectNothing(); // six full-sized segments: without the batch, three ACKs by now
        assertThat(ev.readable).as("the user hears of each segment at once").isEqualTo(6);
        h.layer.batchEnds();
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 1 + 6 * 1460);
        h.expectNothing();
        e.abort();
        h.expect(RST);
    }

    @Test
    void outOfOrderDataInAReadBatchIsAckedAtOnceAndTheBatchEndOwesNothingMore() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.layer.batchBegins();
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).data(new byte[1460]));
        h.inject(seg(0).seq(P + 1461).ack(h.isn + 1).data(new byte[1460]));
        h.expectNothing();
        h.inject(seg(0).seq(P + 1 + 3 * 1460).ack(h.isn + 1).data(new byte[1460])); // one segment lost before it
        assertThat(h.expect(ACK).ack()).as("duplicate ACK at once, covering the held-back one").isEqualTo(P + 2921);
        h.layer.batchEnds();
        h.expectNothing();
        e.abort();
        h.expect(RST);
    }

    @Test
    void aBatchThatEndsOwingLessThanTwoSegmentsLeavesTheDelayedAckTimerRunning() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.layer.batchBegins();
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).data(new byte[1460]));
        h.inject(seg(0).seq(P + 1461).ack(h.isn + 1).data(new byte[1460]));
        e.write(Unpooled.wrappedBuffer(new byte[10])); // the answer carries the ACK the batch held back
        assertThat(h.expect(ACK | PSH).ack()).isEqualTo(P + 2921);
        h.inject(seg(0).seq(P + 2921).ack(h.isn + 1).data(new byte[100]));
        h.layer.batchEnds();
        h.expectNothing();
        h.advance(Duration.ofMillis(40)); // RFC 1122 §4.2.3.2: the last 100 bytes are ACKed by the delayed-ACK timer
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 3021);
        e.abort();
        h.expect(RST);
    }

    @Test
    void outOfOrderDataIsAckedAtOnceAndFillingTheHoleToo() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(0).seq(P + 11).ack(h.isn + 1).data("world"));
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 1);              // duplicate ACK for the gap
        assertThat(e.readableBytes()).isZero();
        assertThat(ev.readable).isZero();
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).data("0123456789"));
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 16);             // the hole is filled: ACK at once
        assertThat(h.read(e)).isEqualTo("0123456789world");
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).data("0123456789")); // an old duplicate
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 16);
        assertThat(h.layer.counters().drops(DropReason.OUT_OF_WINDOW)).isEqualTo(1);
        e.abort();
        h.expect(RST);
    }

    @Test
    void retransmissionBacksOffThenGivesUp() {
        h = new TcpHarness(TcpConfig.DEFAULTS.withRetries(3, 6));
        TcpEndpoint e = h.acceptOne(P, ev);
        h.write(e, "abc");
        Out first = h.expect(ACK | PSH);
        assertThat(first.text()).isEqualTo("abc");
        long start = h.nowMillis();
        for (long expected : new long[] {200, 600, 1400}) {           // RTO 200 ms (min), doubling
            h.advance(Duration.ofMillis(start + expected - h.nowMillis()));
            Out again = h.expect(ACK | PSH);
            assertThat(again.seq()).isEqualTo(first.seq());
            assertThat(again.text()).isEqualTo("abc");
        }
        h.advance(Duration.ofMillis(1599));
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
        h.advance(Duration.ofMillis(1));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(ev.error).isInstanceOf(SocketTimeoutException.class);
        assertThat(ev.closed).isEqualTo(1);
        assertThat(h.layer.counters().retransSegs()).isEqualTo(3);
        assertThat(h.layer.connections()).isEmpty();
    }

    @Test
    void ackTakesRttSampleButNotForRetransmittedSegments() {
        TcpConnection c = (TcpConnection) h.acceptOne(P, ev);
        h.write(c, "abc");
        h.expect(ACK | PSH);
        h.advance(Duration.ofMillis(50));
        h.inject(seg(0).seq(P + 1).ack(h.isn + 4));
        // RFC 6298 §2.3: the SYN's sample was 0 (virtual time), then 7/8 * 0 + 1/8 * 50 ms
        assertThat(c.snapshot().srttNanos()).isEqualTo(Duration.ofMillis(50).toNanos() / 8);
        long srtt = c.snapshot().srttNanos();
        assertThat(ev.writable).isEqualTo(1);

        h.write(c, "def");
        h.expect(ACK | PSH);
        h.advance(Duration.ofMillis(c.snapshot().rtoNanos() / 1_000_000));
        h.expect(ACK | PSH);                                           // retransmitted
        h.advance(Duration.ofMillis(300));
        h.inject(seg(0).seq(P + 1).ack(h.isn + 7));
        assertThat(c.snapshot().srttNanos()).as("Karn: no sample from a retransmitted segment").isEqualTo(srtt);
        c.abort();
        h.expect(RST);
    }

    @Test
    void nagleHoldsSmallSegmentsUntilAckedAndNoDelaySendsAtOnce() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.write(e, "a");
        assertThat(h.expect(ACK | PSH).text()).isEqualTo("a");
        h.write(e, "b");
        h.write(e, "c");
        h.expectNothing();                                             // RFC 9293 §3.7.4: one small segment in flight
        h.inject(seg(0).seq(P + 1).ack(h.isn + 2));
        assertThat(h.expect(ACK | PSH).text()).isEqualTo("bc");
        e.setNoDelay(true);
        h.write(e, "d");
        assertThat(h.expect(ACK | PSH).text()).isEqualTo("d");        // sent although "bc" is unacknowledged
        e.abort();
        h.expect(RST);
    }

    @Test
    void zeroWindowIsProbedWithBackoffUntilItOpens() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).win(0));             // the peer closes its window
        h.write(e, "data");
        h.expectNothing();
        long start = h.nowMillis();
        for (long at : new long[] {200, 600, 1400}) {
            h.advance(Duration.ofMillis(start + at - h.nowMillis()));
            Out probe = h.expect(ACK);
            assertThat(probe.seq()).isEqualTo(h.isn);                  // SND.UNA - 1: outside the peer's window
            assertThat(probe.data()).isEmpty();
            h.inject(seg(0).seq(P + 1).ack(h.isn + 1).win(0));         // the peer answers: still zero
        }
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).win(100));           // window update
        assertThat(h.expect(ACK | PSH).text()).isEqualTo("data");
        e.abort();
        h.expect(RST);
    }

    @Test
    void sendingIsBoundedByThePeerWindow() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).win(3000));
        h.write(e, "z".repeat(5000));
        assertThat(h.expect(ACK).data()).hasSize(1460);
        assertThat(h.expect(ACK).data()).hasSize(1460);
        h.expectNothing();                                             // 80 bytes of window left: SWS avoidance holds them
        h.inject(seg(0).seq(P + 1).ack(h.isn + 2921).win(3000));
        assertThat(h.expect(ACK).data()).hasSize(1460);
        h.expectNothing();                                             // Nagle: the last 620 bytes wait for the ACK
        h.inject(seg(0).seq(P + 1).ack(h.isn + 4381).win(3000));
        assertThat(h.expect(ACK | PSH).data()).hasSize(620);
        e.abort();
        h.expect(RST);
    }

    @Test
    void receiveWindowClosesAndReopensWithoutSillyUpdates() {
        h = new TcpHarness(TcpConfig.DEFAULTS.withBuffers(256 * 1024, 4096));
        List<TcpEndpoint> accepted = new java.util.ArrayList<>();
        h.layer.listen(80, 4, accepted::add);
        h.inject(seg(SYN).seq(P).mss(1460));
        assertThat(h.expect(SYN | ACK).window()).isEqualTo(4096);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1));
        TcpEndpoint e = accepted.get(0);
        e.setEvents(ev);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).data(new byte[1460]));
        h.inject(seg(0).seq(P + 1461).ack(h.isn + 1).data(new byte[1460]));
        assertThat(h.expect(ACK).window()).isEqualTo(4096 - 2920);
        h.inject(seg(0).seq(P + 2921).ack(h.isn + 1).data(new byte[1176]));
        h.advance(Duration.ofMillis(40));
        assertThat(h.expect(ACK).window()).isZero();
        h.inject(seg(0).seq(P + 4097).ack(h.isn + 1).data("x"));      // beyond a zero window
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 4097);
        var dst = h.alloc.buffer();
        e.read(dst, 100);
        h.expectNothing();                                             // §3.8.6.2.2: 100 bytes is not worth an update
        e.read(dst, 4096);
        Out update = h.expect(ACK);
        assertThat(update.window()).isEqualTo(4096);
        assertThat(update.ack()).isEqualTo(P + 4097);
        dst.release();
        e.abort();
        h.expect(RST);
    }

    @Test
    void aReadSendsAWindowUpdateOnlyOnceTheKnownWindowIsHalfGoneAndCanDouble() {
        h = new TcpHarness(TcpConfig.DEFAULTS.withBuffers(256 * 1024, 8760));
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).data(new byte[1460]));
        h.inject(seg(0).seq(P + 1461).ack(h.isn + 1).data(new byte[1460]));
        assertThat(h.expect(ACK).window()).isEqualTo(8760 - 2920);     // the peer knows 5840 bytes of window
        var dst = h.alloc.buffer();
        e.read(dst, 2920);
        h.expectNothing();          // 5840 of 8760 still open: the next data's ACK carries the new edge
        h.inject(seg(0).seq(P + 2921).ack(h.isn + 1).data(new byte[1460]));
        h.inject(seg(0).seq(P + 4381).ack(h.isn + 1).data(new byte[1460]));
        assertThat(h.expect(ACK).window()).isEqualTo(8760 - 2920);     // known window 5840 again
        h.inject(seg(0).seq(P + 5841).ack(h.isn + 1).data(new byte[1460]));
        h.inject(seg(0).seq(P + 7301).ack(h.isn + 1).data(new byte[1460]));
        assertThat(h.expect(ACK).window()).isEqualTo(8760 - 5840);     // 2920: at most half the buffer
        e.read(dst, 5840);
        assertThat(h.expect(ACK).window()).as("window update: 2920 doubled at least").isEqualTo(8760);
        dst.release();
        e.abort();
        h.expect(RST);
    }

    @Test
    void sequenceNumbersWrapAround() {
        h.isn = 0xFFFF_FFF0;
        int peer = 0xFFFF_FFFA;
        TcpEndpoint e = h.acceptOne(peer, ev);
        h.inject(seg(0).seq(peer + 1).ack(h.isn + 1).data("p".repeat(100)));
        h.advance(Duration.ofMillis(40));
        assertThat(h.expect(ACK).ack()).isEqualTo(peer + 101).isEqualTo(0x5F);
        assertThat(h.read(e)).hasSize(100);
        h.write(e, "s".repeat(100));
        Out o = h.expect(ACK | PSH);
        assertThat(o.seq()).isEqualTo(0xFFFF_FFF1);
        h.inject(seg(0).seq(peer + 101).ack(0x55));
        assertThat(e.writableBytes()).isEqualTo(TcpConfig.DEFAULTS.sendBufferSize());
        assertThat(ev.writable).isEqualTo(1);
        e.close();
        assertThat(h.expect(ACK | io.tcpstack.core.wire.TcpHeader.FIN).seq()).isEqualTo(0x55);
        h.inject(seg(io.tcpstack.core.wire.TcpHeader.FIN).seq(peer + 101).ack(0x56));
        h.expect(ACK);
        assertThat(e.state()).isEqualTo(TcpState.TIME_WAIT);
        h.advance(Duration.ofSeconds(60));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void rstExactResetsInWindowIsChallengedOutsideIsIgnored() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(RST).seq(P + 100));                               // in window, not exact
        Out challenge = h.expect(ACK);
        assertThat(challenge.ack()).isEqualTo(P + 1);
        h.inject(seg(RST).seq(P + 1_000_000));                         // outside the window
        h.expectNothing();
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(h.layer.counters().drops(DropReason.RST_CHALLENGED)).isEqualTo(1);
        assertThat(h.layer.counters().drops(DropReason.RST_IGNORED)).isEqualTo(1);
        h.inject(seg(RST).seq(P + 1));                                 // exact
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(ev.error).isInstanceOf(SocketException.class).hasMessage("Connection reset");
        assertThat(h.layer.counters().estabResets()).isEqualTo(1);
        assertThat(h.layer.counters().currEstab()).isZero();
    }

    @Test
    void synInSynchronizedStateIsChallenged() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(SYN).seq(P + 5));                                 // RFC 5961 §4.2, in window
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 1);
        h.inject(seg(SYN).seq(P - 50_000));                            // out of window: plain ACK too
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 1);
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(h.layer.counters().drops(DropReason.SYN_CHALLENGED)).isEqualTo(1);
        e.abort();
        h.expect(RST);
    }

    @Test
    void ackOfUnsentDataIsDroppedAndAnsweredWithAck() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 50).data("ignored"));    // RFC 5961 §5.2
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 1);
        assertThat(e.readableBytes()).isZero();
        h.inject(seg(0).seq(P + 1).ack(h.isn - 70_000));               // older than SND.UNA - MAX.SND.WND
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 1);
        assertThat(h.layer.counters().drops(DropReason.BAD_ACK)).isEqualTo(2);
        h.inject(seg(0).seq(P + 1).data("no ack bit"));
        h.expectNothing();
        assertThat(h.layer.counters().drops(DropReason.NO_ACK)).isEqualTo(1);
        e.abort();
        h.expect(RST);
    }
}

package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.PSH;
import static io.tcpstack.core.wire.TcpHeader.RST;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.core.tcp.TcpHarness.Events;
import io.tcpstack.core.tcp.TcpHarness.In;
import io.tcpstack.core.tcp.TcpHarness.Out;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 7323 window scaling, timestamps (RTTM, PAWS) and RFC 2018/2883 SACK, scripted in virtual time. */
class TcpExtensionsTest {
    private static final int P = 1000; // the peer's ISN
    private static final int PEER_SHIFT = 2;
    private TcpHarness h = new TcpHarness();
    private final Events ev = new Events();
    /** The peer's TSval clock. */
    private int peerTs = 100;

    @AfterEach
    void noLeaks() {
        h.assertNoLeaks();
    }

    private static String u(int seq) {
        return Integer.toUnsignedString(seq);
    }

    /** Our TSval now: the harness's ISN is the per-connection offset. */
    private int ourTs() {
        return (int) h.nowMillis() + h.isn;
    }

    /** Passive open with the peer's SYN built by {@code syn}; the handshake's ACK carries TS when the SYN did. */
    private TcpConnection accept(In syn) {
        List<TcpEndpoint> accepted = new ArrayList<>();
        h.layer.listen(80, 16, accepted::add);
        h.inject(syn.seq(P).mss(1460));
        Out synAck = h.expect(SYN | ACK);
        In ack = seg(0).seq(P + 1).ack(h.isn + 1);
        if (synAck.options().timestamps()) {
            ack.ts(++peerTs, synAck.options().tsVal());
        }
        h.inject(ack);
        TcpEndpoint e = accepted.get(0);
        e.setEvents(ev);
        return (TcpConnection) e;
    }

    private TcpConnection acceptAll() {
        return accept(seg(SYN).ws(PEER_SHIFT).sackPermitted().ts(peerTs, 0));
    }

    /** A data segment from the peer at {@code offset} bytes after its ISN + 1, with a fresh TSval. */
    private In data(int offset, int length) {
        return seg(0).seq(P + 1 + offset).ack(h.isn + 1).win(0xFFFF).ts(++peerTs, 0).data(new byte[length]);
    }

    // ---------------------------------------------------------------- negotiation

    @Test
    void activeOpenOffersEveryExtension() {
        TcpConnection c = (TcpConnection) h.layer.connect(TcpLayer.socketAddress(TcpHarness.PEER, 80), ev);
        Out syn = h.expect(SYN);
        assertThat(syn.mss()).isEqualTo(1460);
        assertThat(syn.options().windowScale()).isEqualTo(9);          // 16 MiB buffer at most: 65535 << 9 covers it
        assertThat(syn.options().sackPermitted()).isTrue();
        assertThat(syn.options().timestamps()).isTrue();
        assertThat(syn.options().tsVal()).isEqualTo(ourTs());
        assertThat(syn.options().tsEcr()).isZero();                     // RFC 7323 §3.2: no ACK bit
        assertThat(syn.window()).isEqualTo(0xFFFF);                      // never scaled in a SYN
        h.inject(seg(SYN).from(80).to(syn.sourcePort()).seq(P).ack(h.isn + 1).mss(1460).ws(PEER_SHIFT).sackPermitted().ts(77, syn.options().tsVal()));
        Out ack = h.expect(ACK);
        assertThat(ack.options().tsEcr()).isEqualTo(77);
        assertThat(ack.window()).isEqualTo((4 << 20) >> 9);             // the starting 4 MiB, scaled from now on
        assertThat(ack.options().windowScale()).isEqualTo(-1);
        assertThat(c.snapshot().sndWnd()).as("the SYN|ACK's window, unscaled").isEqualTo(0xFFFF);
        h.inject(seg(0).from(80).to(syn.sourcePort()).seq(P + 1).ack(h.isn + 1).win(100).ts(78, ack.options().tsVal()));
        assertThat(c.snapshot().sndWnd()).isEqualTo(100 << PEER_SHIFT);
        c.abort();
    }

    @Test
    void aPeerWithoutExtensionsGetsNone() {
        TcpConnection c = accept(seg(SYN));
        assertThat(h.sent).isEmpty();
        c.abort();
        Out rst = h.expect(RST);
        assertThat(rst.options().timestamps()).isFalse();
        assertThat(rst.options().sackBlocks()).isEmpty();
        assertThat(c.snapshot().timestamps()).isFalse();
        assertThat(c.snapshot().sack()).isFalse();
        assertThat(c.snapshot().mss()).isEqualTo(1460);
    }

    @Test
    void synAckAnswersOnlyWhatTheSynOffered() {
        h.layer.listen(80, 16, e -> { });
        h.inject(seg(SYN).seq(P).mss(1460).ws(3));
        Out synAck = h.expect(SYN | ACK);
        assertThat(synAck.options().windowScale()).isEqualTo(9);
        assertThat(synAck.options().sackPermitted()).isFalse();
        assertThat(synAck.options().timestamps()).isFalse();
        assertThat(synAck.window()).isEqualTo(0xFFFF);
        h.inject(seg(RST).seq(P + 1));
    }

    // ---------------------------------------------------------------- window scaling

    @Test
    void peerWindowIsScaledExceptOnSyn() {
        TcpConnection c = acceptAll();
        assertThat(c.snapshot().sndWnd()).as("the handshake's ACK is scaled").isEqualTo(0xFFFF << PEER_SHIFT);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).win(1086).ts(++peerTs, 0));
        assertThat(c.snapshot().sndWnd()).isEqualTo(1086 << PEER_SHIFT);            // three segments of 1448
        h.write(c, "x".repeat(5000));
        int sent = 0;
        while (!h.sent.isEmpty()) {
            Out o = h.sent.poll();
            assertThat(o.data().length).isLessThanOrEqualTo(1448);   // MSS less the 12 bytes of timestamps
            sent += o.data().length;
        }
        assertThat(sent).isEqualTo(3 * 1448);
        c.abort();
    }

    @Test
    void advertisedRightEdgeNeverMovesLeft() {
        h = new TcpHarness(TcpConfig.DEFAULTS.withBuffers(64 * 1024, 300_000)); // shift 3, granularity 8
        TcpConnection c = acceptAll();
        assertThat(c.snapshot().rcvWindShift()).isEqualTo(3);
        long edge = 0xFFFF;                                           // the SYN|ACK's window
        int offset = 0;
        int acks = 0;
        for (int i = 0; edge > offset; i++) {
            int len = (int) Math.min(1001 + i % 7, edge - offset);   // odd sizes: RCV.NXT leaves the granularity
            h.inject(data(offset, len));
            offset += len;
            h.advance(Duration.ofMillis(40));
            for (Out ack; (ack = h.sent.poll()) != null; acks++) {
                long right = (ack.ack() - (P + 1L)) + ((long) ack.window() << 3);
                assertThat(right).as("right edge after " + offset + " bytes").isGreaterThanOrEqualTo(edge);
                edge = right;
            }
        }
        assertThat(c.readableBytes()).as("bytes inside every advertised window are taken").isEqualTo(offset);
        assertThat(edge - 300_000).as("rounding up overcommits by less than 8 bytes per ACK").isLessThan(8L * acks);
        c.abort();
    }

    // ---------------------------------------------------------------- timestamps

    @Test
    void timestampsEchoTsRecentAndMeasureRtt() {
        TcpConnection c = acceptAll();
        h.advance(Duration.ofMillis(5));
        h.write(c, "hello");
        Out d = h.expect(ACK | PSH);
        assertThat(d.options().tsVal()).isEqualTo(ourTs());
        assertThat(d.options().tsEcr()).isEqualTo(peerTs);
        h.advance(Duration.ofMillis(30));
        h.inject(seg(0).seq(P + 1).ack(h.isn + 6).ts(++peerTs, d.options().tsVal()));
        long srtt = 30_000_000L / 8;                                   // RFC 6298 §2.3 after the handshake's 0 ms sample
        assertThat(c.snapshot().srttNanos()).isEqualTo(srtt);
        h.advance(Duration.ofMillis(10));
        h.write(c, "again");
        Out d2 = h.expect(ACK | PSH);
        h.advance(Duration.ofMillis(50));
        h.inject(seg(0).seq(P + 1).ack(h.isn + 11).ts(++peerTs, d2.options().tsVal()));
        assertThat(c.snapshot().srttNanos()).isEqualTo((7 * srtt + 50_000_000L) / 8);
        c.abort();
    }

    @Test
    void tsRecentTakesOnlySegmentsAtLastAckSent() {
        TcpConnection c = acceptAll();
        h.inject(data(0, 100));
        int first = peerTs;
        h.inject(data(100, 100));                                     // SEG.SEQ > Last.ACK.sent: not taken
        h.advance(Duration.ofMillis(40));
        Out ack = h.expect(ACK);
        assertThat(ack.ack()).isEqualTo(P + 201);
        assertThat(ack.options().tsEcr()).as("echo of the earliest unacknowledged segment").isEqualTo(first);
        h.inject(data(200, 100));
        h.advance(Duration.ofMillis(40));
        assertThat(h.expect(ACK).options().tsEcr()).isEqualTo(peerTs);
        c.abort();
    }

    @Test
    void pawsDropsAnOldTimestampWithAnAck() {
        TcpConnection c = acceptAll();
        h.inject(data(0, 10));
        In old = seg(0).seq(P + 11).ack(h.isn + 1).ts(peerTs - 5, 0).data("stale");
        h.inject(old);
        Out ack = h.expect(ACK);
        assertThat(ack.ack()).isEqualTo(P + 11);
        assertThat(h.layer.counters().drops(DropReason.PAWS)).isEqualTo(1);
        assertThat(c.readableBytes()).isEqualTo(10);
        h.inject(seg(RST).seq(P + 11).ts(peerTs - 5, 0));              // §5.2: a RST is not subject to PAWS
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
    }

    /** Sends five full segments and lets the peer acknowledge the first with a newer TSval. */
    private List<Out> fiveSegmentsFirstAcked(TcpConnection c) {
        h.write(c, "x".repeat(5 * 1448));
        List<Out> segs = new ArrayList<>(h.sent);
        h.sent.clear();
        assertThat(segs).hasSize(5);
        h.inject(seg(0).seq(P + 1).ack(segs.get(1).seq()).ts(++peerTs, 0).sack(segs.get(2).seq(), segs.get(2).seq() + 1448));
        return segs;
    }

    @Test
    void aReorderedDuplicateAckWithAnOlderTimestampIsNotDroppedByPaws() {
        TcpConnection c = acceptAll();
        List<Out> segs = fiveSegmentsFirstAcked(c);
        int s3 = segs.get(3).seq();
        int s4 = segs.get(4).seq();
        int recent = c.snapshot().tsRecent();
        // overtaken by the ACK above: SEQ = RCV.NXT, ACK = SND.UNA, the same window, an older TSval
        h.inject(seg(0).seq(P + 1).ack(segs.get(1).seq()).ts(recent - 3, 0).sack(s4, s4 + 1448));
        assertThat(h.layer.counters().drops(DropReason.PAWS)).isZero();
        assertThat(c.snapshot().isSacked(s4)).as("its SACK block reached the scoreboard").isTrue();
        assertThat(c.snapshot().tsRecent()).as("R3: TS.Recent does not go back").isEqualTo(recent);
        long rtoMillis = Duration.ofNanos(c.snapshot().rtoNanos()).toMillis();
        h.inject(seg(0).seq(P + 1).ack(segs.get(1).seq()).ts(recent - (int) rtoMillis - 1, 0).sack(s3, s3 + 1448));
        assertThat(h.layer.counters().drops(DropReason.PAWS)).as("older than one RTO: PAWS").isEqualTo(1);
        assertThat(c.snapshot().isSacked(s3)).isFalse();
        c.abort();
    }

    @Test
    void pawsStillDropsOldAcksThatMoveSndUnaOrTheWindow() {
        TcpConnection c = acceptAll();
        List<Out> segs = fiveSegmentsFirstAcked(c);
        int una = segs.get(1).seq();
        int old = c.snapshot().tsRecent() - 1;
        h.inject(seg(0).seq(P + 1).ack(segs.get(2).seq()).ts(old, 0));        // advances SND.UNA
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 1);
        assertThat(c.snapshot().sndUna()).isEqualTo(una);
        h.inject(seg(0).seq(P + 1).ack(una).win(1000).ts(old, 0));             // changes the window
        h.expect(ACK);
        assertThat(c.snapshot().sndWnd()).isEqualTo(65535 << PEER_SHIFT);
        h.inject(seg(0).seq(P + 1).ack(una).ts(old, 0).data("stale"));         // carries text
        h.expect(ACK);
        assertThat(c.readableBytes()).isZero();
        assertThat(h.layer.counters().drops(DropReason.PAWS)).isEqualTo(3);
        c.abort();
    }

    @Test
    void afterTwentyFourIdleDaysTsRecentIsInvalid() {
        TcpConnection c = acceptAll();
        h.inject(data(0, 10));
        h.advance(Duration.ofMillis(40));
        h.expect(ACK);
        h.advance(Duration.ofDays(25));
        h.inject(seg(0).seq(P + 11).ack(h.isn + 1).ts(peerTs - 1000, 0).data("late"));
        assertThat(h.layer.counters().drops(DropReason.PAWS)).isZero();
        assertThat(c.readableBytes()).isEqualTo(14);
        h.advance(Duration.ofMillis(40));
        assertThat(h.expect(ACK).options().tsEcr()).isEqualTo(peerTs - 1000);
        c.abort();
    }

    @Test
    void aSegmentWithoutTimestampsIsDropped() {
        TcpConnection c = acceptAll();
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).data("no ts"));
        h.expectNothing();
        assertThat(c.readableBytes()).isZero();
        assertThat(h.layer.counters().drops(DropReason.NO_TIMESTAMP)).isEqualTo(1);
        c.abort();
    }

    // ---------------------------------------------------------------- SACK

    @Test
    void sackBlocksMostRecentFirstThreeBesideTimestamps() {
        TcpConnection c = acceptAll();
        h.inject(data(100, 100));
        assertThat(h.expect(ACK).sacks()).containsExactly(u(P + 101) + "-" + u(P + 201));
        h.inject(data(300, 100));
        assertThat(h.expect(ACK).sacks()).containsExactly(u(P + 301) + "-" + u(P + 401), u(P + 101) + "-" + u(P + 201));
        h.inject(data(500, 100));
        h.expect(ACK);
        h.inject(data(700, 100));
        assertThat(h.expect(ACK).sacks()).containsExactly(
                u(P + 701) + "-" + u(P + 801), u(P + 501) + "-" + u(P + 601), u(P + 301) + "-" + u(P + 401));
        h.inject(data(200, 100));                                     // joins 100-200 and 300-400
        assertThat(h.expect(ACK).sacks()).containsExactly(
                u(P + 101) + "-" + u(P + 401), u(P + 701) + "-" + u(P + 801), u(P + 501) + "-" + u(P + 601));
        h.inject(data(0, 100));                                       // fills the hole up to 400
        Out ack = h.expect(ACK);
        assertThat(ack.ack()).isEqualTo(P + 401);
        assertThat(ack.sacks()).containsExactly(u(P + 701) + "-" + u(P + 801), u(P + 501) + "-" + u(P + 601));
        c.abort();
    }

    @Test
    void fourBlocksWithoutTimestamps() {
        TcpConnection c = accept(seg(SYN).sackPermitted());
        for (int i = 1; i <= 5; i++) {
            h.inject(seg(0).seq(P + 1 + 200 * i).ack(h.isn + 1).data(new byte[100]));
        }
        List<Out> acks = new ArrayList<>(h.sent);
        assertThat(acks.get(acks.size() - 1).sacks()).hasSize(4).first().isEqualTo(u(P + 1001) + "-" + u(P + 1101));
        c.abort();
    }

    @Test
    void dsackReportsADuplicateOnce() {
        TcpConnection c = acceptAll();
        h.inject(data(0, 100));
        h.advance(Duration.ofMillis(40));
        h.expect(ACK);
        h.inject(data(0, 100));                                       // wholly old: D-SACK
        Out ack = h.expect(ACK);
        assertThat(ack.sacks()).containsExactly(u(P + 1) + "-" + u(P + 101));
        h.inject(data(300, 100));
        assertThat(h.expect(ACK).sacks()).as("reported once").containsExactly(u(P + 301) + "-" + u(P + 401));
        h.inject(data(250, 100));                                     // half of it held out of order already
        assertThat(h.expect(ACK).sacks()).containsExactly(
                u(P + 301) + "-" + u(P + 351), u(P + 251) + "-" + u(P + 401));
        c.abort();
    }

    @Test
    void theScoreboardFollowsThePeersSackBlocks() {
        TcpConnection c = acceptAll();
        h.write(c, "x".repeat(5 * 1448));
        List<Out> segs = new ArrayList<>(h.sent);
        h.sent.clear();
        assertThat(segs).hasSize(5);
        int s2 = segs.get(2).seq();
        int s4 = segs.get(4).seq();
        h.inject(seg(0).seq(P + 1).ack(segs.get(1).seq()).ts(++peerTs, 0).sack(s2, s2 + 1448).sack(s4, s4 + 1448));
        TcbSnapshot sb = c.snapshot();
        assertThat(sb.isSacked(s2)).isTrue();
        assertThat(sb.isSacked(segs.get(3).seq())).isFalse();
        assertThat(sb.sackedBytes()).isEqualTo(2 * 1448);
        assertThat(sb.highestSacked()).isEqualTo(s4 + 1448);
        h.inject(seg(0).seq(P + 1).ack(segs.get(3).seq()).ts(++peerTs, 0).sack(segs.get(1).seq(), s2).sack(s4, s4 + 1448));
        sb = c.snapshot();
        assertThat(sb.dsacks()).isEqualTo(1);
        assertThat(sb.sackedBytes()).isEqualTo(1448);
        c.abort();
    }
}

package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.core.tcp.TcpHarness.In;
import io.tcpstack.core.tcp.TcpHarness.Out;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RACK-TLP (RFC 8985) with RFC 6675 recovery on its loss marks, scripted in virtual time on a
 * 10 ms round trip: reordering inside the window is not retransmitted, RACK's reorder timer and
 * DupThresh SACKed segments find losses, a lost retransmission is found again long before the
 * RTO, a tail loss probe replaces the RTO, a timeout keeps the scoreboard, a spurious recovery is
 * undone on D-SACK, and a reneging peer's SACKs are forgotten. NewReno sets ssthresh so the
 * numbers are RFC 6675's; the RTO is at least 200 ms throughout.
 */
class RackTlpTest {
    private static final int P = 1000; // the peer's ISN
    private static final int MSS = 1460;
    private static final int IW = 10 * MSS;
    private final TcpHarness h = new TcpHarness(TcpConfig.DEFAULTS.withCongestionControl(CongestionAlgorithm.NEW_RENO));
    private TcpConnection c;
    /** The first ten segments sent (the initial window). */
    private List<Out> w;
    /** Virtual time (ms) when the initial window was sent. */
    private long t0;

    @BeforeEach
    void openWithSackAndSendTheInitialWindow() {
        List<TcpEndpoint> accepted = new ArrayList<>();
        h.layer.listen(80, 16, accepted::add);
        h.inject(seg(SYN).seq(P).mss(MSS).sackPermitted());
        h.expect(SYN | ACK);
        h.advance(Duration.ofMillis(10));                            // the handshake measures a 10 ms RTT
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1));
        c = (TcpConnection) accepted.get(0);
        c.setEvents(new TcpHarness.Events());
        assertThat(c.snapshot().sack()).isTrue();
        t0 = h.nowMillis();
        h.write(c, "x".repeat(10 * MSS));
        w = sent();
        assertThat(w).hasSize(10);
    }

    @AfterEach
    void noLeaksNoTimers() {
        c.abort();
        h.sent.clear();
        assertThat(h.timers.pendingTimers()).as("timers left").isZero();
        h.assertNoLeaks();
    }

    private List<Out> sent() {
        List<Out> out = new ArrayList<>(h.sent);
        h.sent.clear();
        return out;
    }

    private List<Integer> sentSeqs() {
        return sent().stream().map(Out::seq).toList();
    }

    /** Sequence number where segment {@code i} of the stream starts. */
    private int s(int i) {
        return w.get(0).seq() + i * MSS;
    }

    /** Moves the clock to {@code ms} after the initial window was sent. */
    private void at(long ms) {
        h.advance(Duration.ofMillis(t0 + ms - h.nowMillis()));
    }

    /** An ACK of everything below segment {@code ack}, with SACK blocks [from, to) in segments (most recent first). */
    private void ack(int ack, int... blocks) {
        In in = seg(0).seq(P + 1).ack(s(ack));
        for (int i = 0; i < blocks.length; i += 2) {
            in.sack(s(blocks[i]), s(blocks[i + 1]));
        }
        h.inject(in);
    }

    private long retransmissions() {
        return h.layer.counters().retransSegs();
    }

    @Test
    void reorderingWithinTheWindowIsNotRetransmitted() {
        at(10);
        ack(0, 1, 2);                                                // segment 0 late: one SACKed segment
        assertThat(sent()).isEmpty();
        at(11);
        ack(2);                                                      // ... and here it is, within min_RTT / 4
        at(12);
        ack(10);
        at(100);
        assertThat(retransmissions()).isZero();
        assertThat(c.snapshot().inRecovery()).isFalse();
        assertThat(c.snapshot().reorderingSeen()).as("delivered below RACK.fack").isTrue();
        assertThat(c.snapshot().cwnd()).isGreaterThanOrEqualTo(IW);
    }

    @Test
    void theReorderTimerMarksTheHoleLostAfterTheReorderingWindow() {
        at(10);
        ack(0, 1, 2);
        at(12);
        assertThat(sent()).as("min_RTT / 4 = 2.5 ms not yet over").isEmpty();
        h.advance(Duration.ofNanos(500_000));
        assertThat(sentSeqs()).containsExactly(s(0));
        assertThat(c.snapshot().inRecovery()).isTrue();
        assertThat(c.snapshot().cwnd()).isEqualTo(5 * MSS);              // ssthresh = FlightSize / 2
    }

    @Test
    void dupThreshSackedSegmentsMarkTheHoleLostAtOnce() {
        at(10);
        ack(0, 1, 4);                                                // three SACKed segments: reo_wnd = 0
        assertThat(sentSeqs()).containsExactly(s(0));
        assertThat(c.snapshot().inRecovery()).isTrue();
    }

    @Test
    void aLostRetransmissionIsFoundByRackLongBeforeTheRto() {
        h.write(c, "y".repeat(10 * MSS));                            // waits for the window
        at(10);
        ack(0, 1, 4);
        assertThat(sentSeqs()).containsExactly(s(0));                // the retransmission at 10 ms is lost too
        at(20);
        ack(0, 1, 10);                                               // the rest arrived: pipe = 1 SMSS
        assertThat(sentSeqs()).containsExactly(s(10), s(11), s(12), s(13));
        at(30);
        ack(0, 1, 11);                                               // segment 10, sent after the retransmission, arrived
        assertThat(sentSeqs()).as("resent at 30 ms; the RTO is 200 ms").startsWith(s(0));
        assertThat(retransmissions()).isEqualTo(2);
        at(40);
        ack(14);
        assertThat(c.snapshot().inRecovery()).isFalse();
    }

    @Test
    void aTailLossProbeResendsTheLastSegmentAtPto() {
        at(10);
        ack(5);                                                      // segments 5..9 are lost; SRTT = 10 ms
        at(29);
        assertThat(sent()).isEmpty();
        at(30);                                                      // PTO = 2 * SRTT after the ACK
        assertThat(sentSeqs()).containsExactly(s(9));
        at(40);
        ack(5, 9, 10);                                               // the probe's SACK shows 5..8 lost
        assertThat(sentSeqs()).startsWith(s(5));
        assertThat(c.snapshot().inRecovery()).isTrue();
        assertThat(h.nowMillis() - t0).as("well before any RTO").isLessThan(200);
    }

    @Test
    void aTailLossProbeSendsNewDataWhenThereIsSome() {
        h.write(c, "y".repeat(MSS));                                 // waits for the window
        at(10);
        ack(5);
        sent();                                                      // the window opened: the new segment goes
        at(10 + 20);
        assertThat(sentSeqs()).as("nothing new left: the last segment again").containsExactly(s(10));
    }

    @Test
    void aTimeoutKeepsTheScoreboardAndNeverResendsSackedData() {
        at(10);
        ack(0, 5, 10);                                               // 0..4 lost; 5..9 SACKed
        List<Integer> resent = new ArrayList<>(sentSeqs());
        assertThat(resent).containsExactly(s(0), s(1), s(2), s(3), s(4));
        h.advance(Duration.ofMillis(300));                           // every retransmission lost: the RTO fires
        resent.addAll(sentSeqs());
        assertThat(c.snapshot().isSacked(s(5))).as("RFC 6675 §5.1: kept").isTrue();
        assertThat(c.snapshot().cwnd()).isEqualTo(MSS);
        for (int i = 1; i <= 4; i++) {
            h.advance(Duration.ofMillis(10));
            ack(i, 5, 10);
            resent.addAll(sentSeqs());
        }
        h.advance(Duration.ofMillis(10));
        ack(10);
        resent.addAll(sentSeqs());
        assertThat(resent).as("SACKed segments 5..9 never resent").noneMatch(seq -> SeqNum.ge(seq, s(5)) && SeqNum.lt(seq, s(10)));
        assertThat(resent).contains(s(1), s(4));
    }

    @Test
    void aRecoveryWhoseRetransmissionsAreAllDsackedIsUndone() {
        at(10);
        ack(0, 1, 4);
        assertThat(sentSeqs()).containsExactly(s(0));
        assertThat(c.snapshot().cwnd()).isEqualTo(5 * MSS);
        at(11);
        ack(4);                                                      // the original 0 was only delayed ...
        h.inject(seg(0).seq(P + 1).ack(s(4)).sack(s(0), s(1)));      // ... and the retransmission is a duplicate
        assertThat(c.snapshot().cwnd()).as("RFC 4015: the window before the event").isEqualTo(IW);
        assertThat(c.snapshot().ssthresh()).isEqualTo(Integer.MAX_VALUE);
        assertThat(c.snapshot().inRecovery()).isFalse();
        assertThat(c.snapshot().reoWndMult()).as("RFC 8985 §6.2 step 4: the D-SACK widens the window").isEqualTo(2);
    }

    @Test
    void aRecoveryWithANeededRetransmissionIsNotUndone() {
        at(10);
        ack(0, 1, 4);
        sent();
        at(20);
        ack(4);                                                      // the retransmission filled the hole
        h.inject(seg(0).seq(P + 1).ack(s(4)).sack(s(1), s(2)));      // a D-SACK of a segment never retransmitted: not ours
        assertThat(c.snapshot().ssthresh()).isEqualTo(5 * MSS);
    }

    @Test
    void aRenegingPeerHasItsSacksForgotten() {
        at(10);
        ack(0, 2, 3);
        assertThat(c.snapshot().isSacked(s(2))).isTrue();
        ack(2);                                                      // acknowledges up to data it had SACKed: reneged
        assertThat(c.snapshot().nothingSacked()).isTrue();
    }
}

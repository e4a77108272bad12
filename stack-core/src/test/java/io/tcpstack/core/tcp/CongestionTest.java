package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.core.tcp.TcpHarness.Events;
import io.tcpstack.core.tcp.TcpHarness.Out;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender under NewReno, driven by scripted ACKs in virtual time: slow start per round trip
 * (RFC 5681 §3.1, RFC 3465), fast retransmit and fast recovery with partial ACKs (RFC 5681 §3.2,
 * RFC 6582), RTO with go-back-N (RFC 5681 §3.1, RFC 6298), the restart window (RFC 5681 §4.1).
 * The peer (the test) offers a 65535-byte window and an MSS of 1460.
 */
class CongestionTest {
    private static final int P = 1000; // the peer's ISN
    private static final int MSS = 1460;
    private final TcpHarness h = new TcpHarness(TcpConfig.DEFAULTS.withCongestionControl(CongestionAlgorithm.NEW_RENO));
    private TcpConnection c;

    @BeforeEach
    void open() {
        c = (TcpConnection) h.acceptOne(P, new Events());
    }

    @AfterEach
    void noLeaksNoTimers() {
        c.abort();
        h.sent.clear();
        assertThat(h.timers.pendingTimers()).as("timers left").isZero();
        h.assertNoLeaks();
    }

    /** Everything sent since the last call; every segment is a data segment. */
    private List<Out> sent() {
        List<Out> out = new ArrayList<>(h.sent);
        h.sent.clear();
        assertThat(out).allSatisfy(o -> assertThat(o.data()).isNotEmpty());
        return out;
    }

    private void ack(int ack) {
        h.inject(seg(0).seq(P + 1).ack(ack));
    }

    private static int end(Out o) {
        return o.seq() + o.data().length;
    }

    private List<Out> send(int segments) {
        h.write(c, "x".repeat(segments * MSS));
        return sent();
    }

    private static List<Integer> seqs(List<Out> segments) {
        return segments.stream().map(Out::seq).toList();
    }

    @Test
    void slowStartDoublesTheWindowEveryRoundTrip() {
        List<Out> round = send(100);
        assertThat(round).hasSize(10);                                 // RFC 6928 initial window
        for (int expected : new int[] {20, 40}) {
            for (Out o : round) {
                ack(end(o));                                           // one ACK per segment: cwnd += SMSS each
            }
            round = sent();
            assertThat(round).as("segments in the next round trip").hasSize(expected);
        }
        assertThat(c.snapshot().cwnd()).isEqualTo(40 * MSS);
    }

    @Test
    void fastRetransmitOnTheThirdDuplicateAckNotTheSecond() {
        List<Out> w = send(30);
        int una = w.get(0).seq();
        ack(una);
        ack(una);
        h.inject(seg(0).seq(P + 1).ack(una).win(65000));               // a window update is no duplicate (RFC 5681 §2)
        h.expectNothing();
        h.inject(seg(0).seq(P + 1).ack(una).win(65000));               // the third duplicate
        Out again = h.expect(ACK);
        assertThat(again.seq()).isEqualTo(una);
        assertThat(again.data()).hasSize(MSS);
        h.expectNothing();                                             // cwnd = ssthresh + 3 SMSS < FlightSize
        assertThat(c.snapshot().ssthresh()).isEqualTo(5 * MSS);            // FlightSize / 2
        assertThat(h.layer.counters().retransSegs()).isEqualTo(1);
        h.inject(seg(0).seq(P + 1).ack(una).win(65000));
        h.inject(seg(0).seq(P + 1).ack(una).win(65000));
        h.expectNothing();                                             // inflated to exactly FlightSize
        h.inject(seg(0).seq(P + 1).ack(una).win(65000));
        assertThat(seqs(sent())).containsExactly(end(w.get(9)));       // one SMSS beyond: new data
    }

    @Test
    void partialAcksRetransmitTheNextHoleAndAFullAckEndsRecovery() {
        List<Out> w = send(30);                                        // segments 0, 3 and 6 are lost
        for (int i = 0; i < 3; i++) {
            ack(w.get(0).seq());
        }
        assertThat(seqs(sent())).containsExactly(w.get(0).seq());
        long start = h.nowMillis();
        h.advance(Duration.ofMillis(50));
        ack(w.get(3).seq());                                           // first partial ACK: resets the timer
        assertThat(seqs(sent())).containsExactly(w.get(3).seq());
        h.advance(Duration.ofMillis(50));
        ack(w.get(6).seq());                                           // second partial ACK: deflated, no new data
        assertThat(seqs(sent())).containsExactly(w.get(6).seq());
        assertThat(c.snapshot().inRecovery()).isTrue();
        assertThat(c.snapshot().cwnd() + c.snapshot().inflation()).isEqualTo(4 * MSS);
        h.advance(Duration.ofMillis(start + 50 + 200 - 1 - h.nowMillis()));
        h.expectNothing();
        h.advance(Duration.ofMillis(1));                               // RTO 200 ms from the first partial ACK only
        assertThat(seqs(sent())).containsExactly(w.get(6).seq());
        assertThat(c.snapshot().inRecovery()).isFalse();
    }

    @Test
    void fullAckSetsTheWindowToTheFlightPlusOneSegment() {
        List<Out> w = send(30);
        for (int i = 0; i < 3; i++) {
            ack(w.get(0).seq());
        }
        sent();
        ack(w.get(5).seq());
        assertThat(seqs(sent())).containsExactly(w.get(5).seq());
        ack(end(w.get(9)));                                            // covers recover
        assertThat(c.snapshot().inRecovery()).isFalse();
        assertThat(c.snapshot().cwnd()).isEqualTo(2 * MSS);                // min(ssthresh, max(FlightSize, SMSS) + SMSS)
        assertThat(seqs(sent())).containsExactly(end(w.get(9)), end(w.get(9)) + MSS);
    }

    @Test
    void retransmissionTimeoutResetsTheWindowAndGoesBackN() {
        List<Out> w = send(30);
        h.advance(Duration.ofMillis(200));
        assertThat(seqs(sent())).containsExactly(w.get(0).seq());      // loss window: one segment
        assertThat(c.snapshot().cwnd()).isEqualTo(MSS);
        assertThat(c.snapshot().ssthresh()).isEqualTo(5 * MSS);
        ack(end(w.get(0)));
        assertThat(seqs(sent())).containsExactly(w.get(1).seq(), w.get(2).seq());
        ack(end(w.get(2)));
        assertThat(seqs(sent())).containsExactlyElementsOf(seqs(w.subList(3, 7)));
        ack(end(w.get(6)));                                            // slow start to ssthresh, then the rest and new data
        assertThat(seqs(sent())).containsExactly(w.get(7).seq(), w.get(8).seq(), w.get(9).seq(),
                end(w.get(9)), end(w.get(9)) + MSS, end(w.get(9)) + 2 * MSS);
        assertThat(h.layer.counters().retransSegs()).isEqualTo(10);
    }

    @Test
    void duplicateAcksAfterATimeoutDoNotStartAnotherRecovery() {
        List<Out> w = send(30);
        h.advance(Duration.ofMillis(200));
        sent();
        for (int i = 0; i < 4; i++) {
            ack(w.get(0).seq());                                       // below recover (RFC 6582 §3.2)
        }
        h.expectNothing();
        assertThat(c.snapshot().inRecovery()).isFalse();
    }

    @Test
    void idleForLongerThanTheRtoRestartsFromTheInitialWindow() {
        for (Out o : send(30)) {
            ack(end(o));
        }
        for (Out o : sent()) {
            ack(end(o));
        }
        int grown = c.snapshot().cwnd();
        assertThat(grown).isGreaterThan(20 * MSS);
        h.advance(Duration.ofMillis(150));                             // idle, but less than the RTO
        List<Out> burst = send(60);
        assertThat(burst).hasSize(grown / MSS);
        for (Out o : burst) {
            ack(end(o));
        }
        for (Out o : sent()) {
            ack(end(o));
        }
        h.advance(Duration.ofMillis(201));                             // idle for more than the RTO
        assertThat(send(30)).hasSize(10);                              // RFC 5681 §4.1: min(IW, cwnd)
        assertThat(c.snapshot().cwnd()).isEqualTo(10 * MSS);
    }

    @Test
    void eachConnectionCanChooseItsOwnController() {
        assertThat(c.snapshot().congestionControl()).isEqualTo("NewReno");
        c.setCongestionControl(CongestionAlgorithm.CUBIC);
        assertThat(c.snapshot().congestionControl()).isEqualTo("Cubic");
        c.setCongestionControl(CongestionAlgorithm.NONE);
        assertThat(send(60)).hasSize(44);                              // only the peer's 65535-byte window limits
    }
}

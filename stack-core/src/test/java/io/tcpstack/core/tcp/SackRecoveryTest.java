package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.core.tcp.TcpHarness.In;
import io.tcpstack.core.tcp.TcpHarness.Out;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 6675 SACK-based loss recovery, driven by scripted ACKs with SACK blocks: DupThresh
 * duplicate ACKs or a lost head start recovery with cwnd = ssthresh = FlightSize / 2; pipe
 * (SetPipe) gates sending; NextSeg resends lost holes (rule 1), sends new data (rule 2) and the
 * rescue retransmission of a lost tail (rule 4). NewReno sets ssthresh so the numbers are RFC 6675's.
 */
class SackRecoveryTest {
    private static final int P = 1000; // the peer's ISN
    private static final int MSS = 1460;
    private final TcpHarness h = new TcpHarness(TcpConfig.DEFAULTS.withCongestionControl(CongestionAlgorithm.NEW_RENO));
    private TcpConnection c;
    /** The first ten segments sent (the initial window). */
    private List<Out> w;

    @BeforeEach
    void openWithSack() {
        List<TcpEndpoint> accepted = new ArrayList<>();
        h.layer.listen(80, 16, accepted::add);
        h.inject(seg(SYN).seq(P).mss(MSS).sackPermitted());
        h.expect(SYN | ACK);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1));
        c = (TcpConnection) accepted.get(0);
        c.setEvents(new TcpHarness.Events());
        assertThat(c.snd.sack).isTrue();
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

    /** An ACK of everything below segment {@code ack}, with SACK blocks [from, to) in segments (most recent first). */
    private void ack(int ack, int... blocks) {
        In in = seg(0).seq(P + 1).ack(s(ack));
        for (int i = 0; i < blocks.length; i += 2) {
            in.sack(s(blocks[i]), s(blocks[i + 1]));
        }
        h.inject(in);
    }

    @Test
    void recoveryResendsOnlyTheLostHolesAndSendsNewDataAsPipeAllows() {
        h.write(c, "x".repeat(10 * MSS));                             // waits for the window
        assertThat(sent()).isEmpty();
        ack(0, 1, 2);                                                  // segments 0 and 4 are lost
        ack(0, 1, 3);
        assertThat(sent()).isEmpty();                                  // two DupAcks: not yet
        ack(0, 1, 4);                                                  // DupThresh
        assertThat(sentSeqs()).containsExactly(s(0));
        assertThat(c.snd.cc.ssthresh()).isEqualTo(5 * MSS);            // FlightSize / 2
        assertThat(c.snd.cc.cwnd()).isEqualTo(5 * MSS);                // no inflation (RFC 6675 §5 step 2)
        ack(0, 5, 7, 1, 4);                                            // segment 4 not yet lost; pipe = cwnd
        assertThat(sent()).isEmpty();
        ack(0, 5, 8, 1, 4);                                            // 3 SACKed segments above 4: lost
        assertThat(sentSeqs()).containsExactly(s(4), s(10));           // rule 1, then rule 2 (new data)
        ack(4, 5, 8);                                                  // partial ACK: the hole at 0 is filled
        assertThat(sentSeqs()).containsExactly(s(11));
        assertThat(c.snd.recovery.inRecovery()).isTrue();
        ack(10);                                                       // beyond RecoveryPoint: recovery ends
        assertThat(c.snd.recovery.inRecovery()).isFalse();
        assertThat(c.snd.cc.cwnd()).isEqualTo(3 * MSS);                // min(ssthresh, FlightSize + SMSS)
        assertThat(h.layer.counters().retransSegs()).isEqualTo(2);
    }

    @Test
    void aLostHeadStartsRecoveryBeforeDupThreshAcks() {
        ack(0, 1, 4);                                                  // one ACK SACKing three segments
        assertThat(sentSeqs()).containsExactly(s(0));
        assertThat(c.snd.recovery.inRecovery()).isTrue();
    }

    @Test
    void rescueRetransmissionResendsALostTail() {
        for (int k = 2; k <= 8; k++) {
            ack(0, 1, k);                                              // 0 lost, 1..7 arrive, the tail 8 and 9 lost
        }
        assertThat(sentSeqs()).containsExactly(s(0));                  // nothing new to send, no hole below a SACK
        ack(8);                                                        // the retransmission arrived: partial ACK
        assertThat(sentSeqs()).containsExactly(s(9));                  // rule 4: the last SMSS before HighData, once
        ack(8);
        assertThat(sent()).isEmpty();
    }

    @Test
    void aRetransmissionTimeoutForgetsTheScoreboardAndGoesBackN() {
        ack(0, 1, 4);
        sent();
        h.advance(java.time.Duration.ofMillis(200));
        assertThat(sentSeqs()).containsExactly(s(0));
        assertThat(c.snd.scoreboard.isEmpty()).isTrue();                // RFC 2018 §8
        assertThat(c.snd.recovery.inRecovery()).isFalse();
        assertThat(c.snd.cc.cwnd()).isEqualTo(MSS);
    }
}

package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The per-segment record under RACK: the pipe (RFC 6675 §4 SetPipe on RACK's marks) through
 * SACKs, losses, retransmissions and cumulative ACKs; entries split at SACK edges and
 * retransmission boundaries; the sequence space wrapping; growth past the initial arrays.
 */
class SentLogTest {
    private static final int MSS = 1000;
    /** Close to the wrap of the sequence space on purpose. */
    private static final int U = -3500;
    private final SentLog log = new SentLog();
    private final Rack rack = new Rack();

    private static int s(int n) {
        return U + n * MSS;
    }

    /** Sends segments {@code [from, to)} at {@code ms}. */
    private void send(int from, int to, long ms) {
        for (int i = from; i < to; i++) {
            log.sent(s(i), s(i + 1), ms * 1_000_000);
        }
    }

    /** RACK sees an ACK at {@code ms}: cumulative up to segment {@code ack}, SACKing {@code [from, to)}. */
    private void ack(long ms, int ack, int from, int to) {
        rack.beginAck(null, 0, ms * 1_000_000);
        log.acked(s(ack), rack);
        if (from < to) {
            log.sacked(s(from), s(to), rack);
        }
        rack.endAck();
    }

    @Test
    void thePipeCountsWhatIsInTheNetwork() {
        send(0, 10, 0);
        assertThat(log.pipe()).isEqualTo(10 * MSS);
        ack(10, 0, 4, 7);                                              // 0..3 outstanding, 4..6 SACKed
        assertThat(log.pipe()).isEqualTo(7 * MSS);
        assertThat(log.sackedSegments()).isEqualTo(3);
        assertThat(log.detectLoss(rack, 0, 10_000_000)).isZero();      // 0..3 sent before 6, RACK.rtt passed
        assertThat(log.pipe()).as("0..3 lost").isEqualTo(3 * MSS);
        assertThat(log.nextLost(MSS)).isEqualTo(MSS);
        assertThat(log.foundSeq).isEqualTo(s(0));
        log.sent(s(0), s(1), 10_000_000);                             // resent: lost and retransmitted counts once
        assertThat(log.pipe()).isEqualTo(4 * MSS);
        assertThat(log.nextLost(MSS)).isEqualTo(MSS);
        assertThat(log.foundSeq).isEqualTo(s(1));
        ack(20, 1, 0, 0);
        assertThat(log.pipe()).isEqualTo(3 * MSS);
        ack(30, 10, 0, 0);
        assertThat(log.isEmpty()).isTrue();
        assertThat(log.pipe()).isZero();
        assertThat(log.hasLost()).isFalse();
    }

    @Test
    void aLostRetransmissionIsFoundAgainOnceSomethingSentLaterIsDelivered() {
        send(0, 4, 0);
        ack(10, 0, 1, 4);
        log.detectLoss(rack, 0, 10_000_000);
        log.sent(s(0), s(1), 10_000_000);                             // retransmission at 10 ms
        send(4, 5, 12);
        ack(15, 0, 4, 5);                                              // segment 4 (12 ms) arrived, RACK.rtt = 3 ms
        assertThat(log.detectLoss(rack, 0, 15_000_000)).as("10 + 3 <= 15: lost again").isZero();
        assertThat(log.nextLost(MSS)).isEqualTo(MSS);
        assertThat(log.foundSeq).isEqualTo(s(0));
    }

    @Test
    void theReorderingWindowDelaysTheVerdict() {
        send(0, 3, 0);
        ack(10, 0, 1, 2);
        assertThat(log.detectLoss(rack, 4_000_000, 10_000_000)).as("due at 0 + 10 + 4 ms").isEqualTo(4_000_000);
        assertThat(log.hasLost()).isFalse();
        assertThat(log.detectLoss(rack, 4_000_000, 14_000_000)).isZero();
        assertThat(log.hasLost()).isTrue();
    }

    @Test
    void sackEdgesSplitASuperSegment() {
        log.sent(s(0), s(8), 0);                                       // one 8-segment entry
        ack(10, 0, 2, 3);
        ack(10, 0, 5, 7);
        assertThat(log.pipe()).isEqualTo(5 * MSS);
        assertThat(log.sackedSegments()).isEqualTo(2);                 // two SACKed entries
        log.detectLoss(rack, 0, 10_000_000);
        assertThat(log.nextLost(MSS)).as("at most an SMSS of the hole").isEqualTo(MSS);
        assertThat(log.foundSeq).isEqualTo(s(0));
        log.sent(s(0), s(1), 11_000_000);
        assertThat(log.nextLost(MSS)).isEqualTo(MSS);
        assertThat(log.foundSeq).isEqualTo(s(1));
    }

    @Test
    void aTimeoutMarksTheHeadAndWhatIsOverdueButNotTheSacked() {
        send(0, 5, 0);
        ack(10, 0, 2, 3);
        send(5, 6, 300);
        log.markLostOnTimeout(rack, 0, 301_000_000);
        assertThat(log.pipe()).as("only 5, sent 1 ms ago, is still in flight").isEqualTo(MSS);
        log.forgetLosses();
        assertThat(log.pipe()).isEqualTo(5 * MSS);
        log.forgetSacks();
        assertThat(log.pipe()).isEqualTo(6 * MSS);
    }

    @Test
    void growsPastItsInitialArrays() {
        send(0, 500, 0);
        ack(10, 100, 0, 0);
        for (int i = 101; i < 500; i += 2) {
            log.sacked(s(i), s(i + 1), rack);
        }
        assertThat(log.sackedSegments()).isEqualTo(200);
        assertThat(log.pipe()).isEqualTo(200L * MSS);
        ack(20, 500, 0, 0);
        assertThat(log.isEmpty()).isTrue();
        assertThat(log.sackedSegments()).isZero();
    }
}

package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.core.tcp.TcpHarness.Out;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Eifel test (RFC 3522) on a retransmission timeout, with timestamps: an ACK echoing a TSval
 * older than the retransmission answers the original, so the timeout was spurious and the window
 * returns (RFC 4015); an ACK echoing the retransmission leaves the loss window in force. NewReno
 * sets ssthresh; the ACKs stop after the initial window until the timer fires.
 */
class SpuriousTimeoutTest {
    private static final int P = 1000; // the peer's ISN
    private static final int MSS = 1460 - TcpTimestamps.OPTION_SPACE;
    private final TcpHarness h = new TcpHarness(TcpConfig.DEFAULTS.withCongestionControl(CongestionAlgorithm.NEW_RENO));
    private TcpConnection c;
    private int peerTs = 100;
    /** TSval of the initial window's segments. */
    private int originalTs;
    /** TSval of the timeout's retransmission of the first segment. */
    private int retransmissionTs;
    /** Where the initial window ends. */
    private int windowEnd;

    @BeforeEach
    void theRtoFiresAfterTheInitialWindow() {
        List<TcpEndpoint> accepted = new ArrayList<>();
        h.layer.listen(80, 16, accepted::add);
        h.inject(seg(SYN).seq(P).mss(1460).sackPermitted().ts(peerTs, 0));
        Out synAck = h.expect(SYN | ACK);
        h.advance(Duration.ofMillis(10));
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).ts(++peerTs, synAck.options().tsVal()));
        c = (TcpConnection) accepted.get(0);
        c.setEvents(new TcpHarness.Events());
        h.write(c, "x".repeat(10 * MSS));
        List<Out> w = new ArrayList<>(h.sent);
        h.sent.clear();
        assertThat(w).hasSize(10);
        originalTs = w.get(0).options().tsVal();
        int first = w.get(0).seq();
        windowEnd = first + 10 * MSS;
        h.advance(Duration.ofMillis(300));                           // a tail probe, then the RTO
        Out rtx = h.sent.stream().filter(o -> o.seq() == first).findFirst().orElseThrow();
        retransmissionTs = rtx.options().tsVal();
        h.sent.clear();
        assertThat(retransmissionTs).isGreaterThan(originalTs);
        assertThat(c.snapshot().cwnd()).isEqualTo(MSS);
        assertThat(c.snapshot().ssthresh()).isEqualTo(5 * MSS);
    }

    @AfterEach
    void noLeaksNoTimers() {
        c.abort();
        h.sent.clear();
        assertThat(h.timers.pendingTimers()).as("timers left").isZero();
        h.assertNoLeaks();
    }

    @Test
    void anAckOfTheOriginalUndoesTheTimeout() {
        h.inject(seg(0).seq(P + 1).ack(windowEnd).ts(++peerTs, originalTs));
        assertThat(c.snapshot().cwnd()).as("RFC 4015: the window before the timeout").isGreaterThanOrEqualTo(10 * MSS);
        assertThat(c.snapshot().ssthresh()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void anAckOfTheRetransmissionLeavesTheLossWindow() {
        h.inject(seg(0).seq(P + 1).ack(windowEnd).ts(++peerTs, retransmissionTs));
        assertThat(c.snapshot().ssthresh()).isEqualTo(5 * MSS);
        assertThat(c.snapshot().cwnd()).isLessThan(5 * MSS);
    }
}

package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.PSH;
import static io.tcpstack.core.wire.TcpHeader.RST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.core.tcp.TcpHarness.Events;
import io.tcpstack.core.tcp.TcpHarness.Out;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive (RFC 9293 §3.8.4) and the user timeout (RFC 9293 §3.10.8, RFC 5482 with Linux's
 * TCP_USER_TIMEOUT meaning) against a scripted peer that goes silent, in virtual time.
 */
class LivenessTest {
    private static final int P = 7000; // the peer's ISN
    private static final Keepalive TEN_TWO_THREE = new Keepalive(Duration.ofSeconds(10), Duration.ofSeconds(2), 3);

    private TcpHarness h = new TcpHarness();
    private final Events events = new Events();
    private TcpEndpoint e;

    @AfterEach
    void noLeaks() {
        if (e != null) {
            e.abort();
        }
        h.assertNoLeaks();
    }

    private void open(TcpConfig config) {
        h = new TcpHarness(config);
        e = h.acceptOne(P, events);
    }

    private long counter(TcpCounters.Counter c) {
        return h.layer.counters().get(c);
    }

    private void advanceMillis(long ms) {
        h.advance(Duration.ofMillis(ms));
    }

    /** A keep-alive probe: <SEQ=SND.UNA-1><ACK=RCV.NXT>, no data. */
    private void expectProbe(int rcvNxt) {
        Out probe = h.expect(ACK);
        assertThat(probe.seq()).as("SND.UNA - 1").isEqualTo(h.isn);
        assertThat(probe.ack()).isEqualTo(rcvNxt);
        assertThat(probe.data()).isEmpty();
    }

    private void peerAcks(int seq, int ack) {
        h.inject(seg(0).seq(seq).ack(ack));
    }

    @Test
    void keepaliveIsOffUnlessTurnedOn() {
        open(TcpConfig.DEFAULTS);
        h.advance(Duration.ofHours(3));
        h.expectNothing();
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(counter(TcpCounters.Counter.KEEPALIVE_PROBES)).isZero();
    }

    @Test
    void aProbeFollowsTheIdleTimeAndAnAnswerStartsItAgain() {
        open(TcpConfig.builder().keepalive(TEN_TWO_THREE).build());
        advanceMillis(9_999);
        h.expectNothing();
        advanceMillis(1);
        expectProbe(P + 1);
        h.expectNothing();

        advanceMillis(500);
        peerAcks(P + 1, h.isn + 1); // the peer answers the probe with its ACK
        advanceMillis(9_999);
        h.expectNothing();
        advanceMillis(1);
        expectProbe(P + 1);
        assertThat(counter(TcpCounters.Counter.KEEPALIVE_PROBES)).isEqualTo(2);
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void aSilentPeerIsResetAndReapedAfterCountProbes() {
        open(TcpConfig.builder().keepalive(TEN_TWO_THREE).build());
        advanceMillis(10_000);
        expectProbe(P + 1);
        advanceMillis(2_000);
        expectProbe(P + 1);
        advanceMillis(2_000);
        expectProbe(P + 1);
        advanceMillis(1_999);
        h.expectNothing();
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);

        advanceMillis(1);
        Out rst = h.expect(RST);
        assertThat(rst.seq()).isEqualTo(h.isn + 1);
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(events.closed).isEqualTo(1);
        assertThat(events.error).isInstanceOf(SocketTimeoutException.class).hasMessage("Connection timed out");
        assertThat(h.layer.connections()).as("removed from the table").isEmpty();
        assertThat(counter(TcpCounters.Counter.KEEPALIVE_PROBES)).isEqualTo(3);
        assertThat(counter(TcpCounters.Counter.ABORT_ON_TIMEOUT)).isEqualTo(1);
        assertThat(h.transitionLines()).last().asString().contains("keep-alive: 3 probes unanswered");
    }

    @Test
    void trafficFromThePeerPostponesTheFirstProbe() {
        open(TcpConfig.builder().keepalive(TEN_TWO_THREE).build());
        advanceMillis(8_000);
        h.inject(seg(PSH).seq(P + 1).ack(h.isn + 1).data("hi"));
        assertThat(h.read(e)).isEqualTo("hi");
        advanceMillis(1_000);
        assertThat(h.expect(ACK).ack()).as("the delayed ACK").isEqualTo(P + 3);
        advanceMillis(8_999);
        h.expectNothing();
        advanceMillis(1);
        expectProbe(P + 3);
    }

    @Test
    void noProbeWhileDataIsOutstanding() {
        open(TcpConfig.builder().keepalive(TEN_TWO_THREE).build());
        h.write(e, "x");
        assertThat(h.expect(PSH | ACK).text()).isEqualTo("x");
        advanceMillis(15_000); // unacknowledged: the retransmission timer watches the peer
        assertThat(h.sent).isNotEmpty().allSatisfy(o -> assertThat(o.text()).as("a retransmission").isEqualTo("x"));
        h.sent.clear();
        peerAcks(P + 1, h.isn + 2);
        advanceMillis(9_999);
        h.expectNothing();
        advanceMillis(1);
        Out probe = h.expect(ACK);
        assertThat(probe.seq()).isEqualTo(h.isn + 1); // SND.UNA - 1, now past the byte sent
        assertThat(probe.data()).isEmpty();
    }

    @Test
    void keepaliveIsSetPerConnectionAndAlsoOnAnActiveOpen() {
        h = new TcpHarness();
        e = h.connectOne(P, events);
        e.setKeepalive(new Keepalive(Duration.ofSeconds(5), Duration.ofSeconds(1), 1));
        advanceMillis(5_000);
        expectProbe(P + 1);
        advanceMillis(1_000);
        h.expect(RST);
        assertThat(events.error).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void keepaliveTurnedOffStopsProbing() {
        open(TcpConfig.builder().keepalive(TEN_TWO_THREE).build());
        e.setKeepalive(Keepalive.OFF);
        h.advance(Duration.ofHours(1));
        h.expectNothing();
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void theUserTimeoutAbortsUnacknowledgedDataBeforeTheRetryCountWould() {
        open(TcpConfig.builder().userTimeout(Duration.ofSeconds(5)).build());
        h.write(e, "x");
        h.expect(PSH | ACK);
        advanceMillis(4_999); // RTOs at 1 s and 3 s; the next (7 s) is pulled in to 5 s
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
        h.sent.clear();
        advanceMillis(1);
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        h.expectNothing(); // §3.10.8: the TCB is deleted, no RST
        assertThat(events.error).isInstanceOf(SocketTimeoutException.class).hasMessage("Connection timed out");
        assertThat(counter(TcpCounters.Counter.ABORT_ON_TIMEOUT)).isEqualTo(1);
        assertThat(h.transitionLines()).last().asString().contains("user timeout passed");
    }

    @Test
    void theUserTimeoutCountsFromTheLastProgress() {
        open(TcpConfig.builder().userTimeout(Duration.ofSeconds(5)).build());
        e.setNoDelay(true);
        h.write(e, "a");
        h.write(e, "b");
        h.sent.clear();
        advanceMillis(4_000);
        peerAcks(P + 1, h.isn + 2); // "a" acknowledged at 4 s: "b" may wait until 9 s
        advanceMillis(4_999);
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
        advanceMillis(1);
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void aPerConnectionUserTimeoutReplacesTheStacksAndCanBeTurnedOff() {
        open(TcpConfig.builder().userTimeout(Duration.ofSeconds(5)).build());
        e.setUserTimeout(Duration.ZERO);
        h.write(e, "x");
        advanceMillis(60_000);
        assertThat(e.state()).as("the retry count is back in charge").isEqualTo(TcpState.ESTABLISHED);
        assertThatThrownBy(() -> e.setUserTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void theUserTimeoutEndsUnansweredZeroWindowProbes() {
        open(TcpConfig.builder().userTimeout(Duration.ofSeconds(5)).build());
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).win(0));
        h.write(e, "x");
        h.expectNothing();
        advanceMillis(1_000);
        Out probe = h.expect(ACK); // the first zero-window probe, at RTO
        assertThat(probe.seq()).isEqualTo(h.isn);
        advanceMillis(5_000); // the next probe (at 3 s) goes unanswered too
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
        advanceMillis(1_000); // the third probe time, 6 s after the first
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(events.error).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void zeroWindowProbesAnsweredByTheWindowGoOnPastTheUserTimeout() {
        open(TcpConfig.builder().userTimeout(Duration.ofSeconds(5)).build());
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).win(0));
        h.write(e, "x");
        for (int i = 0; i < 20; i++) {
            advanceMillis(2_000);
            while (!h.sent.isEmpty()) {
                h.sent.poll();
                h.inject(seg(0).seq(P + 1).ack(h.isn + 1).win(0)); // still closed, but answering (RFC 1122 §4.2.2.17)
            }
        }
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void withAUserTimeoutKeepaliveGivesUpOnceThePeerIsSilentThatLong() {
        open(TcpConfig.builder().keepalive(new Keepalive(Duration.ofSeconds(10), Duration.ofSeconds(2), 9))
                .userTimeout(Duration.ofSeconds(13)).build());
        advanceMillis(10_000);
        expectProbe(P + 1);
        advanceMillis(2_000);
        expectProbe(P + 1);
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
        advanceMillis(2_000); // silent 14 s > 13 s, with probes unanswered: no need to wait for 9 of them
        h.expect(RST);
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
    }
}

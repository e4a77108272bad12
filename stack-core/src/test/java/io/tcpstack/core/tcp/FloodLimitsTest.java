package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.PSH;
import static io.tcpstack.core.wire.TcpHeader.RST;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.core.tcp.TcpHarness.Events;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The limits on what the stack sends in answer to floods, in virtual time: challenge ACKs
 * (RFC 5961 §7, jittered per second as Linux's) and RSTs to segments that match no connection
 * (RFC 9293 §3.10.7.1).
 */
class FloodLimitsTest {
    private static final int P = 9000; // the peer's ISN
    private static final int LIMIT = 10;
    private final TcpHarness h = new TcpHarness(TcpConfig.builder().challengeAckLimit(LIMIT).resetLimit(LIMIT).build());

    @AfterEach
    void noLeaks() {
        h.assertNoLeaks();
    }

    private long counter(TcpCounters.Counter c) {
        return h.layer.counters().get(c);
    }

    @Test
    void challengeAcksAreLimitedPerSecondWithJitterAndTheConnectionCarriesOn() {
        TcpEndpoint e = h.acceptOne(P, new Events());
        int flood = 200;
        for (int i = 0; i < flood; i++) { // blind in-window RSTs and SYNs (RFC 5961 §3.2, §4.2)
            h.inject(seg(i % 2 == 0 ? RST : SYN).seq(P + 1 + 100 + i).ack(h.isn + 1));
        }
        long sent = h.sent.size();
        assertThat(sent).as("one second's budget: limit/2 up to limit*3/2").isBetween((long) LIMIT / 2, LIMIT * 3L / 2 - 1);
        assertThat(h.sent).allSatisfy(o -> assertThat(o.flags()).isEqualTo(ACK));
        assertThat(counter(TcpCounters.Counter.CHALLENGE_ACKS)).isEqualTo(sent);
        assertThat(counter(TcpCounters.Counter.CHALLENGE_ACKS_SUPPRESSED)).isEqualTo(flood - sent);
        h.sent.clear();

        h.advance(Duration.ofSeconds(1));
        h.inject(seg(RST).seq(P + 500).ack(h.isn + 1));
        h.expect(ACK); // a new second, a new budget
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
        h.inject(seg(PSH).seq(P + 1).ack(h.isn + 1).data("still"));
        assertThat(h.read(e)).isEqualTo("still");
        e.abort();
    }

    @Test
    void theBudgetIsDrawnAnewEachSecond() {
        TcpEndpoint e = h.acceptOne(P, new Events());
        java.util.Set<Integer> budgets = new java.util.HashSet<>();
        for (int second = 0; second < 40; second++) {
            for (int i = 0; i < 3 * LIMIT; i++) {
                h.inject(seg(RST).seq(P + 100).ack(h.isn + 1));
            }
            budgets.add(h.sent.size());
            h.sent.clear();
            h.advance(Duration.ofSeconds(1));
        }
        assertThat(budgets).as("jitter: not one fixed budget an attacker could count").hasSizeGreaterThan(1)
                .allSatisfy(b -> assertThat(b).isBetween(LIMIT / 2, LIMIT * 3 / 2 - 1));
        e.abort();
    }

    @Test
    void rstsToClosedPortsAreLimitedAndCounted() {
        int flood = 50;
        for (int i = 0; i < flood; i++) {
            h.inject(seg(ACK).to(9).seq(1).ack(1000 + i));
        }
        assertThat(h.sent).hasSize(LIMIT).allSatisfy(o -> assertThat(o.flags()).isEqualTo(RST));
        assertThat(counter(TcpCounters.Counter.OUT_RSTS_SUPPRESSED)).isEqualTo(flood - LIMIT);
        assertThat(h.layer.counters().drops(DropReason.NO_CONNECTION)).isEqualTo(flood);
        h.sent.clear();

        h.advance(Duration.ofMillis(100)); // refills at LIMIT per second: one token
        h.inject(seg(SYN).to(9).seq(5));
        h.expect(RST | ACK);
        h.inject(seg(SYN).to(9).seq(6));
        h.expectNothing();
    }

    @Test
    void rstsToStrayAcksAtAListenerShareTheLimit() {
        h.layer.listen(80, 16, e -> { });
        int flood = 50;
        for (int i = 0; i < flood; i++) { // ACKs matching no connection, to a listening port (§3.10.7.2 second)
            h.inject(seg(ACK).from(20_000 + i).seq(1).ack(1000 + i));
        }
        assertThat(h.sent).hasSize(LIMIT).allSatisfy(o -> assertThat(o.flags()).isEqualTo(RST));
        assertThat(h.sent.peekFirst().seq()).as("<SEQ=SEG.ACK><CTL=RST>").isEqualTo(1000);
        assertThat(counter(TcpCounters.Counter.OUT_RSTS_SUPPRESSED)).isEqualTo(flood - LIMIT);
        assertThat(h.layer.counters().drops(DropReason.BAD_ACK)).isEqualTo(flood);
        h.sent.clear();
    }
}

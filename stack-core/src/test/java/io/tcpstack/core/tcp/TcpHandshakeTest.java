package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.FIN;
import static io.tcpstack.core.wire.TcpHeader.RST;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.core.tcp.TcpHarness.Events;
import io.tcpstack.core.tcp.TcpHarness.Out;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opening connections: RFC 9293 §3.5, §3.10.1, §3.10.7.2-3, and the listener's queues. */
class TcpHandshakeTest {
    private TcpHarness h = new TcpHarness();

    @AfterEach
    void noLeaks() {
        h.assertNoLeaks();
    }

    @Test
    void listeningOnPortZeroTakesAFreeEphemeralPort() {
        TcpService.TcpListenerHandle first = h.layer.listen(0, 8, e -> { });
        List<TcpEndpoint> accepted = new ArrayList<>();
        TcpService.TcpListenerHandle second = h.layer.listen(0, 8, accepted::add);
        TcpConfig config = TcpConfig.DEFAULTS;
        assertThat(List.of(first.port(), second.port())).allSatisfy(port ->
                assertThat(port).isBetween(config.ephemeralPortLow(), config.ephemeralPortHigh()));
        assertThat(second.port()).isNotEqualTo(first.port());

        h.inject(seg(SYN).to(second.port()).seq(1000).mss(1460));
        assertThat(h.expect(SYN | ACK).sourcePort()).isEqualTo(second.port());
        h.inject(seg(0).to(second.port()).seq(1001).ack(h.isn + 1));
        assertThat(accepted).singleElement().extracting(TcpEndpoint::state).isEqualTo(TcpState.ESTABLISHED);
        accepted.get(0).abort();
        h.expect(RST);
        first.close();
        second.close();
    }

    @Test
    void aPortOutOfRangeIsRefusedWithOneMessage() {
        assertThatThrownBy(() -> h.layer.listen(65536, 8, e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port out of range: 65536");
        assertThatThrownBy(() -> h.layer.listen(-1, 8, e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port out of range: -1");
    }

    @Test
    void passiveOpen() {
        List<TcpEndpoint> accepted = new ArrayList<>();
        h.layer.listen(80, 8, accepted::add);

        h.inject(seg(SYN).seq(1000).mss(1400));                       // inject SYN seq=1000 mss=1400
        Out synAck = h.expect(SYN | ACK);                             // expect SYN|ACK seq=ISS ack=1001 mss=1460
        assertThat(synAck.seq()).isEqualTo(h.isn);
        assertThat(synAck.ack()).isEqualTo(1001);
        assertThat(synAck.mss()).isEqualTo(1460);
        assertThat(synAck.sourcePort()).isEqualTo(80);
        assertThat(accepted).isEmpty();

        h.inject(seg(0).seq(1001).ack(h.isn + 1));                    // inject ACK ack=ISS+1
        h.expectNothing();
        assertThat(accepted).singleElement().extracting(TcpEndpoint::state).isEqualTo(TcpState.ESTABLISHED);
        assertThat(h.transitionLines()).containsExactly(
                "10.0.0.2:80 > 10.0.0.1:41522 LISTEN -> SYN_RECEIVED (SYN 1000 from peer, SYN|ACK sent)",
                "10.0.0.2:80 > 10.0.0.1:41522 SYN_RECEIVED -> ESTABLISHED (ACK 5001 acknowledged our SYN)");
        assertThat(h.layer.counters().passiveOpens()).isEqualTo(1);
        assertThat(h.layer.counters().currEstab()).isEqualTo(1);
        assertThat(h.layer.connections()).singleElement().satisfies(ci -> {
            assertThat(ci.state()).isEqualTo(TcpState.ESTABLISHED);
            assertThat(ci.remotePort()).isEqualTo(TcpHarness.PEER_PORT);
        });
        accepted.get(0).abort();
        h.expect(RST);
    }

    @Test
    void activeOpenUsesPeerMssAndReportsEstablished() {
        Events ev = new Events();
        TcpEndpoint e = h.layer.connect(TcpLayer.socketAddress(TcpHarness.PEER, 80), ev);
        Out syn = h.expect(SYN);
        assertThat(syn.seq()).isEqualTo(h.isn);
        assertThat(syn.mss()).isEqualTo(1460);
        assertThat(syn.window()).isEqualTo(65535);
        assertThat(syn.sourcePort()).isBetween(32768, 60999);
        assertThat(e.state()).isEqualTo(TcpState.SYN_SENT);
        assertThat(h.flushes).isPositive();

        h.inject(seg(SYN).from(80).to(syn.sourcePort()).seq(9000).ack(h.isn + 1).mss(536));
        Out ack = h.expect(ACK);
        assertThat(ack.seq()).isEqualTo(h.isn + 1);
        assertThat(ack.ack()).isEqualTo(9001);
        assertThat(ev.established).isEqualTo(1);
        assertThat(h.layer.counters().activeOpens()).isEqualTo(1);

        h.write(e, "x".repeat(1000));                                // peer MSS 536 bounds our segments
        assertThat(h.expect(ACK).data()).hasSize(536);
        h.expectNothing();                                             // Nagle: the small rest waits for the ACK
        h.inject(seg(ACK).from(80).to(syn.sourcePort()).seq(9001).ack(h.isn + 537));
        assertThat(h.expect(ACK | io.tcpstack.core.wire.TcpHeader.PSH).data()).hasSize(464);
        e.abort();
        h.expect(RST);
        assertThat(ev.closed).isEqualTo(1);
    }

    @Test
    void peerMssDefaultsTo536WhenAbsent() {
        Events ev = new Events();
        TcpEndpoint e = h.layer.connect(TcpLayer.socketAddress(TcpHarness.PEER, 80), ev);
        Out syn = h.expect(SYN);
        h.inject(seg(SYN).from(80).to(syn.sourcePort()).seq(9000).ack(h.isn + 1));
        h.expect(ACK);
        h.write(e, "y".repeat(600));
        assertThat(h.expect(ACK).data()).hasSize(536);
        e.abort();
    }

    @Test
    void refusedConnectionReportsConnectException() {
        Events ev = new Events();
        TcpEndpoint e = h.layer.connect(TcpLayer.socketAddress(TcpHarness.PEER, 80), ev);
        Out syn = h.expect(SYN);
        // RFC 5961 §3.2 / RFC 9293 §3.10.7.3: a RST whose ACK does not cover our SYN is ignored
        h.inject(seg(RST).from(80).to(syn.sourcePort()).seq(0).ack(h.isn + 7));
        assertThat(h.layer.counters().drops(DropReason.BAD_ACK)).isEqualTo(1);
        h.expectNothing(); // never RST a RST
        assertThat(e.state()).isEqualTo(TcpState.SYN_SENT);

        h.inject(seg(RST).from(80).to(syn.sourcePort()).seq(0).ack(h.isn + 1));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(ev.error).isInstanceOf(ConnectException.class).hasMessage("Connection refused");
        assertThat(ev.closed).isEqualTo(1);
        assertThat(h.layer.connections()).isEmpty();
        assertThat(h.layer.counters().attemptFails()).isEqualTo(1);
        assertThat(h.timers.pendingTimers()).isZero();
    }

    @Test
    void synAckWithUnacceptableAckIsAnsweredWithReset() {
        TcpEndpoint e = h.layer.connect(TcpLayer.socketAddress(TcpHarness.PEER, 80), new Events());
        Out syn = h.expect(SYN);
        h.inject(seg(SYN).from(80).to(syn.sourcePort()).seq(9000).ack(h.isn + 100));
        Out rst = h.expect(RST);                                       // <SEQ=SEG.ACK><CTL=RST>
        assertThat(rst.seq()).isEqualTo(h.isn + 100);
        assertThat(e.state()).isEqualTo(TcpState.SYN_SENT);
        e.close();
        assertThat(h.timers.pendingTimers()).isZero();
    }

    @Test
    void simultaneousOpen() {
        Events ev = new Events();
        TcpEndpoint e = h.layer.connect(TcpLayer.socketAddress(TcpHarness.PEER, 80), ev);
        Out syn = h.expect(SYN);
        h.inject(seg(SYN).from(80).to(syn.sourcePort()).seq(7000).mss(1460)); // the peer's SYN crosses ours
        Out synAck = h.expect(SYN | ACK);
        assertThat(synAck.seq()).isEqualTo(h.isn);
        assertThat(synAck.ack()).isEqualTo(7001);
        assertThat(e.state()).isEqualTo(TcpState.SYN_RECEIVED);

        h.inject(seg(SYN).from(80).to(syn.sourcePort()).seq(7000).ack(h.isn + 1)); // its SYN|ACK
        // RFC 9293 §3.10.7.4: a SYN|ACK repeating the peer's SYN is a duplicate; our SYN|ACK is resent
        assertThat(h.expect(SYN | ACK).ack()).isEqualTo(7001);
        h.inject(seg(0).from(80).to(syn.sourcePort()).seq(7001).ack(h.isn + 1));
        assertThat(e.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(ev.established).isEqualTo(1);
        assertThat(h.transitions).extracting(TcpTransition::to)
                .containsExactly(TcpState.SYN_SENT, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED);
        e.abort();
    }

    @Test
    void synRetransmissionBacksOffAndGivesUp() {
        h = new TcpHarness(TcpConfig.DEFAULTS.withRetries(15, 3));
        Events ev = new Events();
        h.layer.connect(TcpLayer.socketAddress(TcpHarness.PEER, 80), ev);
        h.expect(SYN);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            h.advance(Duration.ofMillis(h.timers.nextDeadline().getAsLong() / 1_000_000 - h.nowMillis()));
            assertThat(h.expect(SYN).seq()).isEqualTo(h.isn);
            times.add(h.nowMillis());
        }
        assertThat(times).containsExactly(1000L, 3000L, 7000L);      // RTO 1 s, doubling (RFC 6298 §5.5)
        h.advance(Duration.ofSeconds(8));
        h.expectNothing();
        assertThat(ev.error).isInstanceOf(SocketTimeoutException.class);
        assertThat(h.nowMillis()).isEqualTo(15000);
        assertThat(h.layer.counters().retransSegs()).isEqualTo(3);
        assertThat(h.timers.pendingTimers()).isZero();
        assertThat(h.layer.connections()).isEmpty();
    }

    @Test
    void synAckRetransmittedAndDuplicateSynAnsweredWithSynAck() {
        h.layer.listen(80, 8, e -> { });
        h.inject(seg(SYN).seq(1000));
        h.expect(SYN | ACK);
        h.inject(seg(SYN).seq(1000));                                  // the peer retransmits its SYN
        assertThat(h.expect(SYN | ACK).ack()).isEqualTo(1001);
        h.advance(Duration.ofSeconds(1));
        assertThat(h.expect(SYN | ACK).seq()).isEqualTo(h.isn);
        h.inject(seg(RST).seq(1001));                                  // reset: back to LISTEN, no user involved
        assertThat(h.transitions.getLast().to()).isEqualTo(TcpState.LISTEN);
        assertThat(h.layer.connections()).isEmpty();
        assertThat(h.timers.pendingTimers()).isZero();
    }

    @Test
    void resetsForSegmentsToNoConnection() {
        // RFC 9293 §3.10.7.1: no ACK -> <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
        h.inject(seg(SYN).seq(100).to(81));
        Out r1 = h.expect(RST | ACK);
        assertThat(r1.seq()).isZero();
        assertThat(r1.ack()).isEqualTo(101);
        assertThat(r1.sourcePort()).isEqualTo(81);
        assertThat(r1.destinationPort()).isEqualTo(TcpHarness.PEER_PORT);

        h.inject(seg(FIN).seq(200).to(81).data("abc"));
        assertThat(h.expect(RST | ACK).ack()).isEqualTo(204);

        // ACK set -> <SEQ=SEG.ACK><CTL=RST>
        h.inject(seg(0).seq(300).ack(777).to(81).data("x"));
        Out r3 = h.expect(RST);
        assertThat(r3.seq()).isEqualTo(777);

        // never answer a RST
        h.inject(seg(RST).seq(5).to(81));
        h.inject(seg(RST).seq(5).ack(6).to(81));
        h.expectNothing();
        assertThat(h.layer.counters().drops(DropReason.NO_CONNECTION)).isEqualTo(5);
        assertThat(h.layer.counters().outRsts()).isEqualTo(3);
        assertThat(h.layer.counters().unknownConnection()).as("all but the SYN").isEqualTo(4);
    }

    @Test
    void listenerAnswersAckWithResetAndIgnoresRst() {
        h.layer.listen(80, 8, e -> { });
        h.inject(seg(0).seq(1).ack(4242));
        assertThat(h.expect(RST).seq()).isEqualTo(4242);
        h.inject(seg(RST).seq(1));
        h.inject(seg(0).seq(1).data("no flags at all"));
        h.expectNothing();
        assertThat(h.layer.connections()).isEmpty();
        assertThat(h.layer.counters().unknownConnection()).isEqualTo(3);
    }

    @Test
    void synQueueBoundWithoutSynCookies() {
        h = new TcpHarness(TcpConfig.builder().backlogs(2, 100).synCookies(SynCookieMode.NEVER).build());
        h.layer.listen(80, 100, e -> { });
        for (int i = 0; i < 3; i++) {
            h.inject(seg(SYN).seq(1000).from(40000 + i));
        }
        h.expect(SYN | ACK);
        h.expect(SYN | ACK);
        h.expectNothing();
        assertThat(h.layer.counters().drops(DropReason.SYN_QUEUE_FULL)).isEqualTo(1);
        assertThat(h.layer.counters().get(TcpCounters.Counter.SYNCOOKIES_SENT)).isZero();
        assertThat(h.layer.connections()).hasSize(2);
    }

    @Test
    void acceptQueueBoundAndListenerClose() {
        List<TcpEndpoint> accepted = new ArrayList<>();
        TcpService.TcpListenerHandle l = h.layer.listen(80, 1, accepted::add); // backlog 1
        h.inject(seg(SYN).seq(1000).from(40000));
        h.expect(SYN | ACK);
        h.inject(seg(0).seq(1001).ack(h.isn + 1).from(40000));
        assertThat(accepted).hasSize(1);                               // handed over, not yet claimed

        h.inject(seg(SYN).seq(2000).from(40001));                      // accept queue full: SYN dropped
        h.expectNothing();
        assertThat(h.layer.counters().drops(DropReason.ACCEPT_QUEUE_FULL)).isEqualTo(1);

        accepted.get(0).setEvents(new Events());                       // the user claims it: room again
        h.inject(seg(SYN).seq(2000).from(40001));
        h.expect(SYN | ACK);

        l.close();                                                     // resets the half-open one only
        Out rst = h.expect(RST);
        assertThat(rst.destinationPort()).isEqualTo(40001);
        assertThat(accepted.get(0).state()).isEqualTo(TcpState.ESTABLISHED);
        h.inject(seg(SYN).seq(3000).from(40002));
        assertThat(h.expect(RST | ACK).ack()).isEqualTo(3001);         // port closed now
        accepted.get(0).abort();
    }

    @Test
    void listenTwiceOnOnePortFails() {
        h.layer.listen(80, 1, e -> { });
        assertThatThrownBy(() -> h.layer.listen(80, 1, e -> { }))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("Address already in use");
    }

    @Test
    void badChecksumAndMalformedOptionsAreDroppedAndCounted() {
        h.layer.listen(80, 8, e -> { });
        var p = h.packet(seg(SYN).seq(1));
        p.setByte(20 + 4, p.getByte(24) ^ 1);                           // corrupt the sequence number
        h.layer.receive(p, 20, TcpHarness.PEER, TcpHarness.US, false);
        p.release();
        assertThat(h.layer.counters().drops(DropReason.BAD_CHECKSUM)).isEqualTo(1);

        var q = h.alloc.buffer();
        q.writeZero(20);
        io.tcpstack.core.wire.TcpHeader.write(q, TcpHarness.PEER_PORT, 80, 1, 0, SYN, 1000, 0, null);
        q.writeBytes(new byte[] {2, 9, 0, 0});                         // MSS option with length 9
        q.setByte(20 + 12, 6 << 4);
        io.tcpstack.core.wire.TcpHeader.fillChecksum(q, 20, q.writerIndex() - 20, TcpHarness.PEER, TcpHarness.US);
        h.layer.receive(q, 20, TcpHarness.PEER, TcpHarness.US, false);
        q.release();
        assertThat(h.layer.counters().drops(DropReason.MALFORMED_OPTIONS)).isEqualTo(1);
        assertThat(h.layer.counters().inErrs()).isEqualTo(2);
        h.expectNothing();
    }
}

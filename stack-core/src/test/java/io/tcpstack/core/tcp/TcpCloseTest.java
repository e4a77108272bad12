package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.FIN;
import static io.tcpstack.core.wire.TcpHeader.PSH;
import static io.tcpstack.core.wire.TcpHeader.RST;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.core.tcp.TcpHarness.Events;
import io.tcpstack.core.tcp.TcpHarness.Out;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Closing: RFC 9293 §3.6, §3.10.4-5, TIME_WAIT, half-close, resets. */
class TcpCloseTest {
    private static final int P = 1000;
    private final TcpHarness h = new TcpHarness();
    private final Events ev = new Events();

    @AfterEach
    void noLeaksNoTimers() {
        assertThat(h.timers.pendingTimers()).as("timers left").isZero();
        assertThat(h.layer.connections()).isEmpty();
        h.assertNoLeaks();
    }

    @Test
    void activeCloseThroughTimeWaitReAckingARetransmittedFin() {
        TcpEndpoint e = h.acceptOne(P, ev);
        e.close();
        Out fin = h.expect(FIN | ACK);
        assertThat(fin.seq()).isEqualTo(h.isn + 1);
        assertThat(e.state()).isEqualTo(TcpState.FIN_WAIT_1);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 2));
        assertThat(e.state()).isEqualTo(TcpState.FIN_WAIT_2);
        h.inject(seg(FIN).seq(P + 1).ack(h.isn + 2));
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 2);
        assertThat(e.state()).isEqualTo(TcpState.TIME_WAIT);

        h.advance(Duration.ofSeconds(30));
        h.inject(seg(FIN).seq(P + 1).ack(h.isn + 2));                  // our ACK was lost: FIN again
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 2);
        h.advance(Duration.ofSeconds(59));                              // 2 MSL restarted from the re-ACK
        assertThat(e.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(ev.closed).isZero();
        h.advance(Duration.ofSeconds(1));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(ev.closed).isEqualTo(1);
        assertThat(ev.error).isNull();
        assertThat(h.transitions).extracting(TcpTransition::to).containsSubsequence(
                TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.TIME_WAIT, TcpState.CLOSED);
        assertThat(h.transitionLines().getLast()).endsWith("TIME_WAIT -> CLOSED (2 MSL elapsed)");
    }

    @Test
    void passiveClose() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(FIN | PSH).seq(P + 1).ack(h.isn + 1).data("bye"));
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 5);              // FIN is ACKed at once
        assertThat(e.state()).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(ev.readable).isEqualTo(1);
        assertThat(e.isInputShutdown()).isFalse();                      // "bye" not read yet
        assertThat(h.read(e)).isEqualTo("bye");
        assertThat(e.isInputShutdown()).isTrue();
        h.write(e, "last words");                                       // CLOSE_WAIT may still send
        h.expect(ACK | PSH);
        e.close();
        Out fin = h.expect(FIN | ACK);
        assertThat(fin.seq()).isEqualTo(h.isn + 11);
        assertThat(e.state()).isEqualTo(TcpState.LAST_ACK);
        h.inject(seg(0).seq(P + 5).ack(h.isn + 12));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(ev.closed).isEqualTo(1);
        assertThat(ev.error).isNull();
    }

    @Test
    void simultaneousCloseGoesThroughClosing() {
        TcpEndpoint e = h.acceptOne(P, ev);
        e.close();
        h.expect(FIN | ACK);
        h.inject(seg(FIN).seq(P + 1).ack(h.isn + 1));                  // its FIN crosses ours
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 2);
        assertThat(e.state()).isEqualTo(TcpState.CLOSING);
        h.inject(seg(0).seq(P + 2).ack(h.isn + 2));
        assertThat(e.state()).isEqualTo(TcpState.TIME_WAIT);
        h.advance(Duration.ofSeconds(60));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void aNewerSynEndsTimeWaitAndOpensANewIncarnation() {
        TcpEndpoint e = closedIntoTimeWait();

        h.inject(seg(SYN).seq(P - 1000).mss(1460));                  // an older sequence number: RFC 5961 §4 challenge
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 2);
        assertThat(e.state()).isEqualTo(TcpState.TIME_WAIT);

        h.inject(seg(SYN).seq(P + 100_000).mss(1460));               // RFC 6191: beyond RCV.NXT, a new incarnation
        Out synAck = h.expect(SYN | ACK);
        assertThat(synAck.ack()).isEqualTo(P + 100_001);
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(ev.closed).isEqualTo(1);
        assertThat(h.transitionLines()).anySatisfy(line -> assertThat(line)
                .endsWith("TIME_WAIT -> CLOSED (SYN " + Integer.toUnsignedString(P + 100_000) + " opens a new incarnation (RFC 6191))"));
        h.inject(seg(RST).seq(P + 100_001));                          // the new incarnation's peer gives up
        h.expectNothing();
    }

    @Test
    void finWithAckOfOurFinGoesStraightToTimeWait() {
        TcpEndpoint e = closedIntoTimeWait();
        h.advance(Duration.ofSeconds(60));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
    }

    /** An accepted connection we close, whose peer's FIN acknowledges ours: TIME_WAIT at once. */
    private TcpEndpoint closedIntoTimeWait() {
        TcpEndpoint e = h.acceptOne(P, ev);
        e.close();
        h.expect(FIN | ACK);
        h.inject(seg(FIN).seq(P + 1).ack(h.isn + 2));
        h.expect(ACK);
        assertThat(e.state()).isEqualTo(TcpState.TIME_WAIT);
        return e;
    }

    @Test
    void unacknowledgedFinIsRetransmitted() {
        TcpEndpoint e = h.acceptOne(P, ev);
        e.close();
        Out fin = h.expect(FIN | ACK);
        h.advance(Duration.ofMillis(200));
        assertThat(h.expect(FIN | ACK).seq()).isEqualTo(fin.seq());
        h.inject(seg(FIN).seq(P + 1).ack(h.isn + 2));
        h.expect(ACK);
        h.advance(Duration.ofSeconds(60));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void halfCloseKeepsReceiving() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.write(e, "request");
        h.expect(ACK | PSH);
        e.shutdownOutput();
        assertThat(h.expect(FIN | ACK).seq()).isEqualTo(h.isn + 8);
        assertThatThrownBy(() -> h.write(e, "more")).isInstanceOf(IllegalStateException.class);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 9));
        assertThat(e.state()).isEqualTo(TcpState.FIN_WAIT_2);
        h.inject(seg(PSH).seq(P + 1).ack(h.isn + 9).data("response"));
        assertThat(h.read(e)).isEqualTo("response");
        h.inject(seg(FIN).seq(P + 9).ack(h.isn + 9));
        assertThat(h.expect(ACK).ack()).isEqualTo(P + 10);
        assertThat(e.isInputShutdown()).isTrue();
        assertThat(e.state()).isEqualTo(TcpState.TIME_WAIT);
        h.advance(Duration.ofSeconds(60));
        assertThat(ev.closed).isEqualTo(1);
    }

    @Test
    void abortSendsResetAndReportsOnce() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.write(e, "pending");
        h.expect(ACK | PSH);
        e.abort();
        Out rst = h.expect(RST);
        assertThat(rst.seq()).isEqualTo(h.isn + 8);                     // <SEQ=SND.NXT><CTL=RST>
        e.abort();
        e.close();
        h.expectNothing();
        assertThat(ev.closed).isEqualTo(1);
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void dataArrivingAfterCloseIsAnsweredWithReset() {
        TcpEndpoint e = h.acceptOne(P, ev);
        e.close();
        h.expect(FIN | ACK);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 2).data("too late"));
        h.expect(RST);                                                  // RFC 1122 §4.2.2.13
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(h.layer.counters().drops(DropReason.DATA_AFTER_CLOSE)).isEqualTo(1);
    }

    @Test
    void closeWithUnreadDataResets() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).data("unread"));
        e.close();
        h.expect(RST);
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(ev.closed).isEqualTo(1);
    }

    @Test
    void finWait2GivesUpOnASilentPeerAfterClose() {
        TcpEndpoint e = h.acceptOne(P, ev);
        e.close();
        h.expect(FIN | ACK);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 2));
        assertThat(e.state()).isEqualTo(TcpState.FIN_WAIT_2);
        h.advance(Duration.ofSeconds(60));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void resetInTimeWaitCloses() {
        TcpEndpoint e = h.acceptOne(P, ev);
        e.close();
        h.expect(FIN | ACK);
        h.inject(seg(FIN).seq(P + 1).ack(h.isn + 2));
        h.expect(ACK);
        h.inject(seg(RST).seq(P + 2));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(ev.error).isNull();
    }

    @Test
    void dataUnreadAtAnOrderlyEndInLastAckStaysReadableAfterClosed() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(FIN | PSH).seq(P + 1).ack(h.isn + 1).data("bye"));
        h.expect(ACK);
        e.shutdownOutput();                                             // CLOSE_WAIT -> LAST_ACK, "bye" unread
        h.expect(FIN | ACK);
        h.inject(seg(0).seq(P + 5).ack(h.isn + 2));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(ev.closed).isEqualTo(1);
        assertThat(ev.error).isNull();
        assertThat(e.readableBytes()).isEqualTo(3);
        assertThat(e.isInputShutdown()).isFalse();
        assertThat(h.read(e)).isEqualTo("bye");
        assertThat(e.isInputShutdown()).isTrue();
        e.close();
        h.expectNothing();
    }

    /** Reaches TIME_WAIT by a half-close, with {@code text} received before the peer's FIN and not read. */
    private TcpEndpoint timeWaitWithUnread(String text) {
        TcpEndpoint e = h.acceptOne(P, ev);
        e.shutdownOutput();
        h.expect(FIN | ACK);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 2));
        h.inject(seg(FIN | PSH).seq(P + 1).ack(h.isn + 2).data(text));
        h.expect(ACK);
        assertThat(e.state()).isEqualTo(TcpState.TIME_WAIT);
        return e;
    }

    @Test
    void dataUnreadWhenTimeWaitEndsStaysReadableUntilClose() {
        TcpEndpoint e = timeWaitWithUnread("payload");
        h.advance(Duration.ofSeconds(60));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(ev.closed).isEqualTo(1);
        assertThat(e.readableBytes()).isEqualTo(7);
        e.close();                                                      // frees it
        assertThat(e.readableBytes()).isZero();
        h.expectNothing();
    }

    @Test
    void resetInTimeWaitKeepsTheCompleteStreamReadable() {
        TcpEndpoint e = timeWaitWithUnread("payload");
        h.inject(seg(RST).seq(P + 9));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);               // RFC 9293 §3.10.7.4, not RFC 1337
        assertThat(ev.error).isNull();
        assertThat(h.read(e)).isEqualTo("payload");
        assertThat(e.isInputShutdown()).isTrue();
        e.abort();
        h.expectNothing();
    }

    @Test
    void closeInTimeWaitDropsUnreadDataWithoutResetAndKeepsWaiting() {
        TcpEndpoint e = timeWaitWithUnread("payload");
        e.close();
        h.expectNothing();
        assertThat(e.readableBytes()).isZero();
        assertThat(e.state()).isEqualTo(TcpState.TIME_WAIT);
        h.advance(Duration.ofSeconds(60));
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void resetInCloseWaitReportsResetAndFlushesInput() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(FIN | PSH).seq(P + 1).ack(h.isn + 1).data("bye"));
        h.expect(ACK);
        h.inject(seg(RST).seq(P + 5));
        assertThat(ev.error).hasMessage("Connection reset");            // §3.10.7.4: queues flushed, user told
        assertThat(e.readableBytes()).isZero();
    }

    @Test
    void connectionClosedBeforeTheUserClaimedItReportsOnSetEvents() {
        java.util.List<TcpEndpoint> accepted = new java.util.ArrayList<>();
        h.layer.listen(80, 4, accepted::add);
        h.inject(seg(io.tcpstack.core.wire.TcpHeader.SYN).seq(P));
        h.expect(io.tcpstack.core.wire.TcpHeader.SYN | ACK);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1));
        h.inject(seg(RST).seq(P + 1));
        assertThat(accepted.get(0).state()).isEqualTo(TcpState.CLOSED);
        accepted.get(0).setEvents(ev);
        assertThat(ev.closed).isEqualTo(1);
        assertThat(ev.error).hasMessage("Connection reset");
    }
}

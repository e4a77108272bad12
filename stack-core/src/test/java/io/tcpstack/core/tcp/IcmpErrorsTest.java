package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.tcp.TcpHarness.Events;
import io.tcpstack.core.tcp.TcpHarness.Out;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ICMP errors about our segments (RFC 1122 §4.2.3.9, RFC 5927 §4.1, RFC 5461), in virtual time. */
class IcmpErrorsTest {
    private static final int DEST_UNREACHABLE = 3;
    private final TcpHarness h = new TcpHarness();
    private final Events events = new Events();

    @AfterEach
    void noLeaks() {
        h.assertNoLeaks();
    }

    /** The error's quote: our IPv4 header (to the peer) and the first 8 bytes of our segment. */
    private void icmpError(int type, int code, int localPort, int remotePort, int seq) {
        ByteBuf quote = Unpooled.buffer(28);
        quote.writeByte(0x45).writeZero(11).writeInt(TcpHarness.US).writeInt(TcpHarness.PEER);
        quote.writeShort(localPort).writeShort(remotePort).writeInt(seq);
        h.layer.errorArrives(type, code, quote, 20, 0);
    }

    private TcpEndpoint connecting() {
        TcpEndpoint e = h.layer.connect(TcpLayer.socketAddress(TcpHarness.PEER, 80), events);
        Out syn = h.expect(SYN);
        assertThat(syn.seq()).isEqualTo(h.isn);
        return e;
    }

    @Test
    void portUnreachableRefusesAConnectAtOnce() {
        TcpEndpoint e = connecting();
        icmpError(DEST_UNREACHABLE, 3, e.localAddress().getPort(), 80, h.isn);
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(events.error).isInstanceOf(ConnectException.class).hasMessage("Connection refused");
        assertThat(h.layer.counters().get(TcpCounters.Counter.ICMP_ABORTS)).isEqualTo(1);
        assertThat(h.layer.connections()).isEmpty();
    }

    @Test
    void anAdministrativelyClosedPathIsNoRouteToHost() {
        TcpEndpoint e = connecting();
        icmpError(DEST_UNREACHABLE, 13, e.localAddress().getPort(), 80, h.isn);
        assertThat(events.error).isInstanceOf(NoRouteToHostException.class);
    }

    @Test
    void anErrorQuotingASequenceNumberNotInFlightIsIgnored() {
        TcpEndpoint e = connecting();
        icmpError(DEST_UNREACHABLE, 3, e.localAddress().getPort(), 80, h.isn + 1); // not sent yet
        icmpError(DEST_UNREACHABLE, 3, e.localAddress().getPort(), 80, h.isn - 100_000);
        assertThat(e.state()).isEqualTo(TcpState.SYN_SENT);
        assertThat(h.layer.counters().get(TcpCounters.Counter.OUT_OF_WINDOW_ICMPS)).isEqualTo(2);
        e.abort();
    }

    @Test
    void softErrorsAreLeftToTheRetransmissionTimer() {
        TcpEndpoint e = connecting();
        icmpError(DEST_UNREACHABLE, 1, e.localAddress().getPort(), 80, h.isn); // host unreachable
        icmpError(11, 0, e.localAddress().getPort(), 80, h.isn); // time exceeded
        assertThat(e.state()).isEqualTo(TcpState.SYN_SENT);
        e.abort();
    }

    @Test
    void noErrorAbortsAnEstablishedConnection() {
        TcpEndpoint e = h.connectOne(7000, events);
        h.write(e, "x");
        h.sent.clear();
        icmpError(DEST_UNREACHABLE, 3, e.localAddress().getPort(), 80, h.isn + 1);
        assertThat(e.state()).as("RFC 5461 §4").isEqualTo(TcpState.ESTABLISHED);
        e.abort();
    }

    @Test
    void aHardErrorForOurSynAckReturnsAHalfOpenConnectionToListen() {
        h.layer.listen(80, 16, TcpEndpoint::abort);
        h.inject(seg(SYN).seq(5000).mss(1460));
        h.expect(SYN | ACK);
        assertThat(h.layer.connections()).hasSize(1);
        icmpError(DEST_UNREACHABLE, 1, 80, TcpHarness.PEER_PORT, h.isn); // soft: stays
        assertThat(h.layer.connections()).hasSize(1);
        icmpError(DEST_UNREACHABLE, 10, 80, TcpHarness.PEER_PORT, h.isn);
        assertThat(h.layer.connections()).isEmpty();
        assertThat(h.layer.counters().get(TcpCounters.Counter.ICMP_ABORTS)).isEqualTo(1);
    }
}

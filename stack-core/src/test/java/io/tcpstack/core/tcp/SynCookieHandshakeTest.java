package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.RST;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.core.tcp.TcpHarness.Events;
import io.tcpstack.core.tcp.TcpHarness.Out;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SYN cookie handshake (RFC 4987 §3.6) and the connection limit, against a scripted peer, in virtual time. */
class SynCookieHandshakeTest {
    private static final int P = 5000; // the peer's ISN
    private TcpHarness h = harness(SynCookieMode.ALWAYS);
    private final List<TcpEndpoint> accepted = new ArrayList<>();

    private static TcpHarness harness(SynCookieMode mode) {
        return new TcpHarness(TcpConfig.builder().synCookies(mode).build());
    }

    @AfterEach
    void noLeaks() {
        accepted.forEach(TcpEndpoint::abort);
        h.assertNoLeaks();
    }

    private long counter(TcpCounters.Counter c) {
        return h.layer.counters().get(c);
    }

    @Test
    void aCookieConnectionKeepsWindowScaleSackAndTimestamps() {
        h.layer.listen(80, 16, accepted::add);
        h.inject(seg(SYN).seq(P).mss(1460).ws(3).sackPermitted().ts(700, 0));
        Out synAck = h.expect(SYN | ACK);
        assertThat(h.layer.connections()).as("no state kept for the SYN").isEmpty();
        assertThat(synAck.ack()).isEqualTo(P + 1);
        assertThat(synAck.options().windowScale()).isGreaterThanOrEqualTo(0);
        assertThat(synAck.options().sackPermitted()).isTrue();
        assertThat(synAck.options().tsEcr()).isEqualTo(700);
        assertThat(counter(TcpCounters.Counter.SYNCOOKIES_SENT)).isEqualTo(1);

        h.advance(Duration.ofMillis(30));
        h.inject(seg(0).seq(P + 1).ack(synAck.seq() + 1).win(1000).ts(701, synAck.options().tsVal()));
        assertThat(accepted).hasSize(1);
        TcpConnection c = (TcpConnection) accepted.get(0);
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(counter(TcpCounters.Counter.SYNCOOKIES_RECV)).isEqualTo(1);
        assertThat(h.layer.counters().passiveOpens()).isEqualTo(1);
        TcbSnapshot s = c.snapshot();
        assertThat(s.iss()).isEqualTo(synAck.seq());
        assertThat(s.irs()).isEqualTo(P);
        assertThat(s.mss()).as("1460 less the timestamps option").isEqualTo(1448);
        assertThat(s.sndWindShift()).isEqualTo(3);
        assertThat(s.sndWnd()).isEqualTo(1000 << 3);
        assertThat(s.rcvWindShift()).isEqualTo(synAck.options().windowScale());
        assertThat(s.sack()).isTrue();
        assertThat(s.timestamps()).isTrue();
        assertThat(s.tsRecent()).isEqualTo(701);
        assertThat(s.srttNanos()).as("the cookie's echo is no RTT sample").isZero();

        c.setEvents(new Events());
        h.inject(seg(0).seq(P + 1).ack(synAck.seq() + 1).win(1000).ts(702, synAck.options().tsVal()).data("hello"));
        h.advance(Duration.ofMillis(500));
        Out ack = h.expect(ACK);
        assertThat(ack.ack()).isEqualTo(P + 6);
        assertThat(ack.options().tsEcr()).isEqualTo(702);
        assertThat(ack.options().tsVal() - synAck.options().tsVal()).as("TSval moves forward").isPositive();
        assertThat(h.read(c)).isEqualTo("hello");
    }

    /** One read batch of {@code n} SYNs from distinct ports; the SYN-ACKs it sent. */
    private int synBatch(int firstPort, int n) {
        h.sent.clear();
        h.layer.batchBegins();
        for (int i = 0; i < n; i++) {
            h.inject(seg(SYN).from(firstPort + i).seq(P).mss(1460));
        }
        h.layer.batchEnds();
        int synAcks = h.sent.size();
        assertThat(h.sent).allMatch(o -> o.flags() == (SYN | ACK));
        h.sent.clear();
        return synAcks;
    }

    @Test
    void aFloodSustainedOverReadBatchesIsShedToItsShareButABurstIsAnsweredInFull() {
        h.layer.listen(80, 16, accepted::add);
        int share = StatelessHandshake.ANSWERS_PER_BATCH;
        assertThat(synBatch(10_000, 64)).as("a burst in one batch: every SYN answered").isEqualTo(64);
        assertThat(synBatch(11_000, 64)).as("the batch after a full share: behind, so shed beyond it").isEqualTo(share);
        assertThat(synBatch(12_000, 64)).as("still behind").isEqualTo(share);
        assertThat(h.layer.counters().drops(DropReason.COOKIE_SHED)).isEqualTo(2 * (64 - share));
        assertThat(synBatch(13_000, share - 1)).as("less than a share: caught up").isEqualTo(share - 1);
        assertThat(synBatch(14_000, 64)).as("answered in full again").isEqualTo(64);
        for (int i = 0; i < 40; i++) {
            h.inject(seg(SYN).from(15_000 + i).seq(P).mss(1460));
        }
        assertThat(h.sent).as("outside a read batch nothing is shed").hasSize(40);
        assertThat(counter(TcpCounters.Counter.SYNCOOKIES_SENT)).isEqualTo(64 + 2 * share + share - 1 + 64 + 40);
    }

    @Test
    void withoutTimestampsTheCookieCarriesOnlyTheMss() {
        h.layer.listen(80, 16, accepted::add);
        h.inject(seg(SYN).seq(P).mss(1400).ws(3).sackPermitted());
        Out synAck = h.expect(SYN | ACK);
        assertThat(synAck.options().windowScale()).isEqualTo(-1);
        assertThat(synAck.options().sackPermitted()).isFalse();
        assertThat(synAck.options().timestamps()).isFalse();
        h.inject(seg(0).seq(P + 1).ack(synAck.seq() + 1));
        TcbSnapshot s = ((TcpConnection) accepted.get(0)).snapshot();
        assertThat(s.mss()).as("the table's value below 1400").isEqualTo(1300);
        assertThat(s.sndWindShift()).isZero();
        assertThat(s.sack()).isFalse();
        assertThat(s.timestamps()).isFalse();
    }

    @Test
    void anAckWithAWrongCookieIsReset() {
        h.layer.listen(80, 16, accepted::add);
        h.inject(seg(SYN).seq(P).mss(1460));
        Out synAck = h.expect(SYN | ACK);
        int forged = synAck.seq() + 0x10000; // off by 1..7 would name another MSS of the table: 8 in 2^24 pass
        h.inject(seg(0).seq(P + 1).ack(forged));
        assertThat(h.expect(RST).seq()).isEqualTo(forged);
        h.inject(seg(0).seq(P + 1).ack(synAck.seq() + 1).from(TcpHarness.PEER_PORT + 1));
        h.expect(RST);
        assertThat(accepted).isEmpty();
        assertThat(h.layer.connections()).isEmpty();
        assertThat(counter(TcpCounters.Counter.SYNCOOKIES_FAILED)).isEqualTo(2);
        assertThat(counter(TcpCounters.Counter.SYNCOOKIES_RECV)).isZero();
    }

    @Test
    void aCookieExpiresAfterTwoMinutes() {
        h.layer.listen(80, 16, accepted::add);
        h.inject(seg(SYN).seq(P).mss(1460));
        Out synAck = h.expect(SYN | ACK);
        h.advance(Duration.ofMinutes(2).plusSeconds(1));
        h.inject(seg(0).seq(P + 1).ack(synAck.seq() + 1));
        h.expect(RST);
        assertThat(accepted).isEmpty();
    }

    @Test
    void aListenerThatSentNoCookieSpendsNoHashOnAnAck() {
        h = harness(SynCookieMode.AUTO);
        h.layer.listen(80, 16, accepted::add);
        h.inject(seg(0).seq(1).ack(4242));
        assertThat(h.expect(RST).seq()).isEqualTo(4242);
        assertThat(counter(TcpCounters.Counter.SYNCOOKIES_FAILED)).isZero();
    }

    @Test
    void autoAnswersWithCookiesOnlyOnceTheSynQueueIsFull() {
        h = new TcpHarness(TcpConfig.builder().backlogs(2, 100).build());
        h.layer.listen(80, 100, accepted::add);
        for (int i = 0; i < 3; i++) {
            h.inject(seg(SYN).seq(P).mss(1460).from(40000 + i));
        }
        h.expect(SYN | ACK);
        h.expect(SYN | ACK);
        Out cookie = h.expect(SYN | ACK);
        assertThat(h.layer.connections()).as("two half-open, the third is a cookie").hasSize(2);
        assertThat(counter(TcpCounters.Counter.SYNCOOKIES_SENT)).isEqualTo(1);
        h.inject(seg(0).seq(P + 1).ack(cookie.seq() + 1).from(40002));
        assertThat(accepted).hasSize(1);
        assertThat(accepted.get(0).state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(h.layer.connections()).hasSize(3);
    }

    @Test
    void aConnectionBeyondTheLimitIsRefusedWithRst() {
        h = new TcpHarness(TcpConfig.builder().maxConnections(1).build());
        h.layer.listen(80, 16, accepted::add);
        h.inject(seg(SYN).seq(P).from(40000));
        Out first = h.expect(SYN | ACK);
        h.inject(seg(SYN).seq(P).from(40001));
        Out rst = h.expect(RST | ACK);
        assertThat(rst.ack()).isEqualTo(P + 1);
        assertThat(h.layer.counters().drops(DropReason.CONNECTION_LIMIT)).isEqualTo(1);
        h.inject(seg(0).seq(P + 1).ack(first.seq() + 1).from(40000));
        assertThat(accepted).as("the connection within the limit works").hasSize(1);
    }

    @Test
    void aConnectBeyondTheLimitFailsAtOnce() {
        h = new TcpHarness(TcpConfig.builder().maxConnections(1).build());
        accepted.add(h.layer.connect(TcpLayer.socketAddress(TcpHarness.PEER, 80), new Events()));
        h.expect(SYN);
        assertThatThrownBy(() -> h.layer.connect(TcpLayer.socketAddress(TcpHarness.PEER, 81), new Events()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("connection limit reached: 1 connections");
        h.expectNothing();
    }
}

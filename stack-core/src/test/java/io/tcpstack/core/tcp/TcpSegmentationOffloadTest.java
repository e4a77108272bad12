package io.tcpstack.core.tcp;

import static io.tcpstack.core.tcp.TcpHarness.seg;
import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.PSH;
import static io.tcpstack.core.wire.TcpHeader.RST;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.core.tcp.TcpHarness.Events;
import io.tcpstack.core.tcp.TcpHarness.Out;
import io.tcpstack.link.LinkOffloads;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sender over a link with TSO: super-segments of whole MSS-sized segments, checksums left to the link. */
class TcpSegmentationOffloadTest {
    private static final int P = 1000; // the peer's ISN
    private static final int MSS = 1460;
    private final TcpHarness h = new TcpHarness(TcpConfig.DEFAULTS, LinkOffloads.TSO);
    private final Events ev = new Events();

    @AfterEach
    void noLeaksNoTimers() {
        assertThat(h.timers.pendingTimers()).as("timers left").isZero();
        h.assertNoLeaks();
    }

    @Test
    void theInitialWindowGoesAsOneSuperSegmentAndTheShortTailWaitsForNagle() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.write(e, "x".repeat(12 * MSS + 100));

        Out first = h.expect(ACK);                                    // RFC 6928: IW = 10 segments, in one super-segment
        assertThat(first.data()).hasSize(10 * MSS);
        assertThat(first.seq()).isEqualTo(h.isn + 1);
        assertThat(h.segmentSizes.poll()).isEqualTo(MSS);              // the link cuts it into Eff.snd.MSS segments
        h.expectNothing();

        h.inject(seg(0).seq(P + 1).ack(h.isn + 1 + 10 * MSS));      // slow start: cwnd 20 segments
        Out second = h.expect(ACK);                                   // the whole MSS-sized segments left ...
        assertThat(second.data()).hasSize(2 * MSS);
        assertThat(h.segmentSizes.poll()).isEqualTo(MSS);
        h.expectNothing();                                            // ... the 100-byte tail waits (Nagle, RFC 9293 §3.7.4)

        h.inject(seg(0).seq(P + 1).ack(h.isn + 1 + 12 * MSS));
        Out tail = h.expect(ACK | PSH);
        assertThat(tail.data()).hasSize(100);
        assertThat(h.segmentSizes.poll()).as("checksum offload alone").isZero();
        e.abort();
        h.expect(RST);
        assertThat(h.segmentSizes).as("a segment without data carries its own checksum").isEmpty();
    }

    @Test
    void superSegmentsStayWithinThePeerWindow() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.inject(seg(0).seq(P + 1).ack(h.isn + 1).win(4 * MSS + 10));
        h.write(e, "y".repeat(8 * MSS));

        assertThat(h.expect(ACK).data()).hasSize(4 * MSS);            // the window's 4 whole segments, not the 10 bytes past them
        h.expectNothing();
        e.abort();
        h.expect(RST);
    }

    @Test
    void retransmissionsAreOneMssEach() {
        TcpEndpoint e = h.acceptOne(P, ev);
        h.write(e, "z".repeat(10 * MSS));
        Out first = h.expect(ACK | PSH);
        assertThat(first.data()).hasSize(10 * MSS);
        h.segmentSizes.clear();

        h.advance(Duration.ofMillis(200));                            // RFC 6298 §5.4: the timer (RTO 200 ms) expires, resend from SND.UNA
        Out again = h.sent.poll();
        assertThat(again).isNotNull();
        assertThat(again.seq()).isEqualTo(first.seq());
        assertThat(again.data()).hasSize(MSS);
        assertThat(h.segmentSizes.poll()).isZero();
        assertThat(h.sent).isEmpty();
        e.abort();
        h.expect(RST);
    }
}

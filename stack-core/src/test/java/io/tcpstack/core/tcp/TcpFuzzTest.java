package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.tcpstack.core.tcp.TcpHarness.Events;
import io.tcpstack.core.tcp.TcpHarness.In;
import io.tcpstack.core.wire.TcpHeader;
import java.time.Duration;

/**
 * Fuzz tests (Jazzer) of the TCP layer: whatever arrives, the stack neither throws nor leaks a
 * buffer, and every connection ends. In a normal test run each runs its saved inputs (regression
 * mode, {@code src/test/resources/.../TcpFuzzTestInputs}); {@code JAZZER_FUZZ=1} fuzzes for the
 * {@code maxDuration} given (see README "Fuzzing").
 */
class TcpFuzzTest {
    private static final int P = 1_000_000; // the peer's ISN

    /**
     * Any bytes as the TCP segment (header, options and data) to an established connection's
     * 4-tuple, with the checksum made right so that the bytes reach the parser and the state
     * machine rather than stopping at the checksum.
     */
    @FuzzTest(maxDuration = "60s")
    void anyBytesAsASegment(byte[] bytes) {
        TcpHarness h = new TcpHarness();
        TcpEndpoint e = h.acceptOne(P, new Events());
        ByteBuf p = h.alloc.buffer();
        try {
            p.writeZero(20).writeBytes(bytes);
            if (bytes.length >= 4) {
                p.setShort(20, TcpHarness.PEER_PORT).setShort(22, 80);
            }
            if (bytes.length >= TcpHeader.MIN_LENGTH) {
                TcpHeader.fillChecksum(p, 20, bytes.length, TcpHarness.PEER, TcpHarness.US);
            }
            h.layer.receive(p, 20, TcpHarness.PEER, TcpHarness.US, false);
        } finally {
            p.release();
        }
        end(h, e);
    }

    /**
     * A peer that sends what it likes: segments with any flags, sequence and acknowledgment
     * numbers near the connection's, windows, options and data, between user calls (write, read,
     * shutdown, close) and the passing of time.
     */
    @FuzzTest(maxDuration = "120s")
    void aPeerThatSendsAnything(FuzzedDataProvider data) {
        TcpHarness h = new TcpHarness();
        TcpEndpoint e = h.acceptOne(P, new Events());
        int steps = data.consumeInt(1, 40);
        for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
            switch (data.consumeInt(0, 9)) {
                case 0, 1, 2, 3, 4, 5 -> h.inject(segment(h, data));
                case 6 -> h.advance(Duration.ofMillis(data.consumeLong(0, 300_000)));
                case 7 -> {
                    if (e.writableBytes() > 0 && isOpenForWriting(e.state())) {
                        h.write(e, "x".repeat(data.consumeInt(1, 5000)));
                    }
                }
                case 8 -> h.read(e);
                default -> {
                    if (data.consumeBoolean()) {
                        e.shutdownOutput();
                    } else {
                        e.close();
                    }
                }
            }
            h.sent.clear();
        }
        end(h, e);
    }

    private static boolean isOpenForWriting(TcpState state) {
        return state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT;
    }

    private static In segment(TcpHarness h, FuzzedDataProvider data) {
        In in = TcpHarness.seg(data.consumeInt(0, 0x3F)) // FIN SYN RST PSH ACK URG
                .seq(P + 1 + data.consumeInt(-70_000, 70_000))
                .win(data.consumeInt(0, 65535));
        in.ack = h.isn + 1 + data.consumeInt(-70_000, 70_000);
        if (data.consumeBoolean()) {
            in.ts(data.consumeInt(), data.consumeInt());
        }
        if (data.consumeBoolean()) {
            int left = in.ack + data.consumeInt(-5000, 5000);
            in.sack(left, left + data.consumeInt(-100, 5000));
        }
        if (data.consumeBoolean()) {
            in.mss(data.consumeInt(0, 65535));
        }
        if (data.consumeBoolean()) {
            in.ws(data.consumeInt(0, 14)); // the options writer sends only valid shifts; larger ones come in anyBytesAsASegment
        }
        return in.data(data.consumeBytes(data.consumeInt(0, 3000)));
    }

    /** The user aborts, every timer runs out: nothing may be left, no buffer unreleased. */
    private static void end(TcpHarness h, TcpEndpoint e) {
        e.abort();
        h.advance(Duration.ofMinutes(10));
        h.sent.clear();
        assertThat(e.state()).isEqualTo(TcpState.CLOSED);
        assertThat(h.layer.connections()).isEmpty();
        h.assertNoLeaks();
    }
}

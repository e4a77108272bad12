package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.socket.LoopStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The event-loop services against a scripted stream: back-pressure, half-close, the chargen pattern. */
class LoopHandlersTest {
    /** A stream whose receive side, send-buffer space and end are set by the test. */
    private static final class ScriptedStream implements LoopStream {
        final ByteBuf received = Unpooled.buffer();
        boolean finReceived;
        int space;
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        boolean closed;
        Object attachment;

        ScriptedStream(int space) {
            this.space = space;
        }

        void arrive(String text) {
            received.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        }

        String sentText() {
            return sent.toString(StandardCharsets.US_ASCII);
        }

        @Override public int read(ByteBuf dst, int max) {
            int n = Math.min(Math.min(max, dst.writableBytes()), received.readableBytes());
            if (n == 0) {
                return finReceived && !received.isReadable() ? -1 : 0;
            }
            dst.writeBytes(received, n);
            return n;
        }
        @Override public int readableBytes() { return received.readableBytes(); }
        @Override public int write(ByteBuf src) {
            assertThat(closed).as("write after close").isFalse();
            int n = Math.min(space, src.readableBytes());
            byte[] b = new byte[n];
            src.readBytes(b);
            sent.writeBytes(b);
            space -= n;
            return n;
        }
        @Override public int writableBytes() { return closed ? 0 : space; }
        @Override public void shutdownOutput() { closed = true; }
        @Override public void close() { closed = true; }
        @Override public void abort() { closed = true; }
        @Override public void setNoDelay(boolean noDelay) { }
        @Override public Object attachment() { return attachment; }
        @Override public void attach(Object a) { attachment = a; }
        @Override public InetSocketAddress localAddress() { return new InetSocketAddress(7); }
        @Override public InetSocketAddress remoteAddress() { return new InetSocketAddress(40000); }
    }

    @Test
    void echoLeavesWhatDoesNotFitUnreadAndResumesWhenWritable() {
        LoopEchoHandler echo = new LoopEchoHandler();
        ScriptedStream s = new ScriptedStream(4);
        s.arrive("hello world");
        echo.onReadable(s);
        assertThat(s.sentText()).isEqualTo("hell");
        assertThat(s.readableBytes()).as("left in the receive buffer").isEqualTo(7);

        s.space = 100; // an ACK freed the send buffer
        s.finReceived = true;
        echo.onWritable(s);
        assertThat(s.sentText()).isEqualTo("hello world");
        assertThat(s.closed).as("closed after echoing what preceded the FIN").isTrue();
    }

    @Test
    void echoWithAFullSendBufferWaitsEvenAfterTheFin() {
        LoopEchoHandler echo = new LoopEchoHandler();
        ScriptedStream s = new ScriptedStream(0);
        s.arrive("abc");
        s.finReceived = true;
        echo.onReadable(s);
        assertThat(s.sentText()).isEmpty();
        assertThat(s.closed).isFalse();
        s.space = 3;
        echo.onWritable(s);
        assertThat(s.sentText()).isEqualTo("abc");
        assertThat(s.closed).isTrue();
    }

    @Test
    void discardDropsEverythingAndClosesAtTheFin() {
        LoopDiscardHandler discard = new LoopDiscardHandler();
        ScriptedStream s = new ScriptedStream(100);
        s.arrive("x".repeat(200_000));
        discard.onReadable(s);
        assertThat(s.readableBytes()).isZero();
        assertThat(s.closed).isFalse();
        s.finReceived = true;
        discard.onReadable(s);
        assertThat(s.closed).isTrue();
        assertThat(s.sentText()).isEmpty();
    }

    @Test
    void chargenFillsTheSendBufferWithThePatternAcrossWritables() {
        LoopChargenHandler chargen = new LoopChargenHandler();
        ScriptedStream s = new ScriptedStream(50);
        chargen.onOpen(s);
        s.space = 10_000;
        chargen.onWritable(s);
        String text = s.sentText();
        assertThat(text).hasSize(10_050);
        String expected = new String(ChargenHandler.PERIOD, StandardCharsets.US_ASCII);
        assertThat(text).isEqualTo((expected + expected + expected).substring(0, 10_050));
        s.finReceived = true;
        chargen.onReadable(s);
        assertThat(s.closed).isTrue();
    }
}

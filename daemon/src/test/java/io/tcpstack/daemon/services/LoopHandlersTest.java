package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The event-loop services against a scripted stream: back-pressure, half-close, the chargen pattern. */
class LoopHandlersTest {
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

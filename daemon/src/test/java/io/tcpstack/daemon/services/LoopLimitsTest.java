package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.core.socket.LoopStream;
import io.tcpstack.core.socket.StreamHandler;
import io.tcpstack.core.tcp.Keepalive;
import io.tcpstack.core.time.VirtualTimerScheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LoopLimits} around the event-loop services, in virtual time: the cap, keep-alive, idle timeouts. */
class LoopLimitsTest {
    private static final long SECOND = 1_000_000_000L;

    private final VirtualTimerScheduler timers = new VirtualTimerScheduler();
    private final ServiceCounters counters = new ServiceCounters();

    /** Records which streams the wrapped handler saw open and close. */
    private static final class Recording implements StreamHandler {
        final List<LoopStream> opened = new ArrayList<>();
        final List<LoopStream> closed = new ArrayList<>();

        @Override
        public void onOpen(LoopStream stream) {
            opened.add(stream);
        }

        @Override
        public void onReadable(LoopStream stream) {
            LoopDiscardHandler.discardInput(stream);
        }

        @Override
        public void onClosed(LoopStream stream, IOException error) {
            closed.add(stream);
        }
    }

    private LoopLimits limits(StreamHandler handler, ServiceLimits limits, Duration idle) {
        return new LoopLimits("test", handler, limits, idle, timers, counters);
    }

    @Test
    void aConnectionOverTheCapIsResetBeforeTheHandlerSeesItAndAFreedSlotIsReused() {
        Recording handler = new Recording();
        LoopLimits limited = limits(handler, new ServiceLimits(2, null), Duration.ZERO);
        ScriptedStream first = new ScriptedStream(100);
        ScriptedStream second = new ScriptedStream(100);
        ScriptedStream third = new ScriptedStream(100);
        limited.onOpen(first);
        limited.onOpen(second);
        limited.onOpen(third);
        assertThat(third.aborted).as("the third of a cap of two is reset").isTrue();
        assertThat(handler.opened).containsExactly(first, second);
        assertThat(counters.refused()).isEqualTo(1);

        limited.onClosed(third, null); // the reset's own end: not the handler's business
        assertThat(handler.closed).isEmpty();
        limited.onClosed(first, null);
        ScriptedStream fourth = new ScriptedStream(100);
        limited.onOpen(fourth);
        assertThat(fourth.aborted).isFalse();
        assertThat(handler.opened).containsExactly(first, second, fourth);
        assertThat(handler.closed).containsExactly(first);
    }

    @Test
    void everyServedConnectionGetsTheServicesKeepalive() {
        Keepalive keepalive = new Keepalive(Duration.ofSeconds(60), Duration.ofSeconds(10), 5);
        LoopLimits limited = limits(new Recording(), new ServiceLimits(ServiceLimits.UNLIMITED, keepalive), Duration.ZERO);
        ScriptedStream stream = new ScriptedStream(100);
        limited.onOpen(stream);
        assertThat(stream.keepalive).isEqualTo(keepalive);
    }

    @Test
    void anEchoClientSilentForTheIdleTimeoutIsClosedWithAFin() {
        LoopLimits echo = limits(new LoopEchoHandler(), ServiceLimits.NONE, Duration.ofSeconds(10));
        ScriptedStream stream = new ScriptedStream(100);
        echo.onOpen(stream);
        timers.advance(5 * SECOND);
        stream.arrive("ping");
        echo.onReadable(stream);
        assertThat(stream.sentText()).isEqualTo("ping");
        timers.advance(10 * SECOND - 1);
        assertThat(stream.closed).as("the bytes at 5 s restarted the timeout").isFalse();
        timers.advance(1);
        assertThat(stream.closed).isTrue();
        assertThat(stream.aborted).as("an idle echo ends with a FIN").isFalse();
        assertThat(counters.idleClosed()).isEqualTo(1);
    }

    @Test
    void aChargenClientThatReadsIsNotIdleAndOneThatStoppedReadingIsReset() {
        LoopLimits chargen = limits(new LoopChargenHandler(), ServiceLimits.NONE, Duration.ofSeconds(10));
        ScriptedStream reader = new ScriptedStream(1000);
        ScriptedStream stalled = new ScriptedStream(1000);
        chargen.onOpen(reader);
        chargen.onOpen(stalled);
        for (int i = 0; i < 6; i++) { // the reader acknowledges every 5 s for 30 s; the other never does
            timers.advance(5 * SECOND);
            reader.space = 1000;
            chargen.onWritable(reader);
        }
        assertThat(reader.closed).isFalse();
        assertThat(stalled.aborted).as("a FIN cannot pass the full window of a client that stopped reading").isTrue();
        assertThat(counters.idleClosed()).isEqualTo(1);
    }

    @Test
    void aClosedConnectionIsNoLongerTimed() {
        LoopLimits discard = limits(new LoopDiscardHandler(), ServiceLimits.NONE, Duration.ofSeconds(10));
        ScriptedStream stream = new ScriptedStream(100);
        discard.onOpen(stream);
        stream.finReceived = true;
        discard.onReadable(stream);
        discard.onClosed(stream, null);
        stream.closed = false;
        timers.advance(20 * SECOND);
        assertThat(stream.closed).isFalse();
        assertThat(counters.idleClosed()).isZero();
    }
}

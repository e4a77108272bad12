package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.tcpstack.core.ip.Ipv4Output;
import io.tcpstack.core.time.VirtualTimerScheduler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Two TcpLayers back to back over an in-memory link (each one's IPv4 output queued for the
 * other's receive, drained by the test) in virtual time: data both ways, orderly close.
 */
class TwoStackTest {
    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    private static final int CLIENT = 0x0A000001;
    private static final int SERVER = 0x0A000002;

    private final VirtualTimerScheduler timers = new VirtualTimerScheduler();
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    /** Packets in flight: destination address and the buffer (readerIndex at the IPv4 header). */
    private final ArrayDeque<Object[]> wire = new ArrayDeque<>();
    private final TcpLayer client = layer(CLIENT);
    private final TcpLayer server = layer(SERVER);
    private int delivered;
    /** Drops each packet with this probability (seeded). */
    private double lossRate;
    private final Random linkRandom = new Random(7);

    private TcpLayer layer(int address) {
        return new TcpLayer(new Ipv4Output() {
            @Override public ByteBufAllocator alloc() { return alloc; }
            @Override public int localAddress() { return address; }
            @Override public int mtu() { return 1500; }
            @Override public void send(int protocol, int destination, ByteBuf segment) {
                segment.readerIndex(segment.readerIndex() - HEADROOM); // TCP does not read the IPv4 header
                wire.add(new Object[] {address, destination, segment});
            }
            @Override public void flush() { }
        }, timers, TcpConfig.DEFAULTS, Runnable::run);
    }

    /** Delivers queued packets until the link is idle, then runs timers, until {@code done}. */
    private void run(BooleanSupplier done, long maxNanos) {
        long deadline = timers.clock().nanos() + maxNanos;
        while (!done.getAsBoolean()) {
            if (!wire.isEmpty()) {
                Object[] p = wire.poll();
                int source = (int) p[0];
                int destination = (int) p[1];
                ByteBuf packet = (ByteBuf) p[2];
                if (linkRandom.nextDouble() < lossRate) {
                    packet.release();
                    continue;
                }
                try {
                    (destination == SERVER ? server : client).receive(packet, 20, source, destination);
                    delivered++;
                } finally {
                    packet.release();
                }
                continue;
            }
            assertThat(timers.nextDeadline()).as("something left to do").isPresent();
            long next = timers.nextDeadline().getAsLong();
            assertThat(next).as("within the time limit").isLessThanOrEqualTo(deadline);
            timers.advance(next - timers.clock().nanos());
        }
    }

    /** A tiny application: writes its data whenever there is room, reads everything, closes when done. */
    private static final class App implements TcpEndpointEvents {
        final byte[] toSend;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        TcpEndpoint endpoint;
        int sent;
        boolean closedCalled;
        int closedEvents;
        IOException error;

        App(byte[] toSend) {
            this.toSend = toSend;
        }

        void attach(TcpEndpoint e) {
            endpoint = e;
            e.setEvents(this);
            pump();
        }

        void pump() {
            TcpEndpoint e = endpoint;
            if (e.state() == TcpState.CLOSED) {
                return;
            }
            while (sent < toSend.length && e.sendSpace() > 0 && e.state().ordinal() <= TcpState.CLOSE_WAIT.ordinal()
                    && e.state().isSynchronized()) {
                ByteBuf chunk = io.netty.buffer.Unpooled.wrappedBuffer(toSend, sent, Math.min(toSend.length - sent, 10_000));
                sent += e.send(chunk);
                chunk.release();
            }
            ByteBuf dst = io.netty.buffer.Unpooled.buffer();
            while (e.receive(dst, 65536) > 0) {
                byte[] b = new byte[dst.readableBytes()];
                dst.readBytes(b);
                received.writeBytes(b);
                dst.clear();
            }
            dst.release();
            if (sent == toSend.length && e.isInputShutdown() && !closedCalled) {
                closedCalled = true;
                e.close();
            } else if (sent == toSend.length && e.state() == TcpState.ESTABLISHED) {
                e.shutdownOutput();
            }
        }

        @Override public void onEstablished(TcpEndpoint e) { pump(); }
        @Override public void onReadable(TcpEndpoint e) { pump(); }
        @Override public void onWritable(TcpEndpoint e) { pump(); }
        @Override public void onClosed(TcpEndpoint e, IOException err) {
            closedEvents++;
            error = err;
        }
    }

    @Test
    void transfersDataBothWaysAndClosesCleanly() {
        transfer(1_000_000, 700_000);
        assertThat(client.counters().retransSegs() + server.counters().retransSegs()).isZero();
        assertThat(delivered).isGreaterThan(1_700_000 / 1460);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3})
    void survivesPacketLoss(long seed) {
        linkRandom.setSeed(seed);
        lossRate = 0.05;
        transfer(200_000, 150_000);
        assertThat(client.counters().retransSegs() + server.counters().retransSegs()).isPositive();
    }

    private void transfer(int upBytes, int downBytes) {
        Random random = new Random(42);
        byte[] up = new byte[upBytes];
        byte[] down = new byte[downBytes];
        random.nextBytes(up);
        random.nextBytes(down);
        App serverApp = new App(down);
        App clientApp = new App(up);
        List<TcpTransition> transitions = new ArrayList<>();
        client.addTransitionListener(transitions::add);
        server.addTransitionListener(transitions::add);

        server.listen(80, 4, serverApp::attach);
        clientApp.endpoint = client.connect(TcpLayer.socketAddress(SERVER, 80), clientApp);

        run(() -> serverApp.received.size() == up.length && clientApp.received.size() == down.length,
                600_000_000_000L);
        assertThat(serverApp.received.toByteArray()).isEqualTo(up);
        assertThat(clientApp.received.toByteArray()).isEqualTo(down);

        lossRate = 0; // a lost last ACK would leave the peer in LAST_ACK until it gives up
        run(() -> timers.pendingTimers() == 0 && wire.isEmpty(), 600_000_000_000L);
        assertThat(clientApp.endpoint.state()).isEqualTo(TcpState.CLOSED);
        assertThat(serverApp.endpoint.state()).isEqualTo(TcpState.CLOSED);
        assertThat(clientApp.closedEvents).isEqualTo(1);
        assertThat(serverApp.closedEvents).isEqualTo(1);
        assertThat(clientApp.error).isNull();
        assertThat(serverApp.error).isNull();
        assertThat(client.connections()).isEmpty();
        assertThat(server.connections()).isEmpty();
        assertThat(transitions).extracting(TcpTransition::to).contains(TcpState.TIME_WAIT);
        assertThat(alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory()).isZero();
    }
}

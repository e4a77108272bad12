package io.tcpstack.core.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.tcpstack.core.ip.Ipv4Output;
import io.tcpstack.core.time.VirtualTimerScheduler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Two TcpLayers back to back over an in-memory link in virtual time. Each direction of the link
 * is a drop-tail bottleneck: a packet waits for the packets before it, takes size / rate to
 * serialize, then a fixed propagation delay; beyond {@link #queueLimit} waiting packets it is
 * dropped, and each packet is lost at random (seeded) with {@link #lossRate}. With the default
 * settings (no delay, unlimited rate) packets arrive in order as soon as the test drains them.
 */
final class TwoStacks {
    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    static final int CLIENT = 0x0A000001;
    static final int SERVER = 0x0A000002;

    final VirtualTimerScheduler timers = new VirtualTimerScheduler();
    final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    final TcpLayer client;
    final TcpLayer server;
    /** Packets on the link, by arrival time then sending order. */
    private final PriorityQueue<Packet> wire = new PriorityQueue<>(
            Comparator.comparingLong(Packet::arrival).thenComparingLong(Packet::order));
    /** Per direction (0: towards the server), departure times of the packets still queued or serializing. */
    private final List<ArrayDeque<Long>> queues = List.of(new ArrayDeque<>(), new ArrayDeque<>());
    private long sent;
    /** Packets handed to a layer. */
    int delivered;
    /** Random loss probability per packet, both directions. */
    double lossRate;
    /** One-way propagation delay. */
    long delayNanos;
    /** Each packet's delay varies uniformly by up to this much either way (packets then overtake each other). */
    long jitterNanos;
    /** Bottleneck rate in bytes per second; 0 for unlimited. */
    long bytesPerSecond;
    /** Drop-tail limit on packets waiting at the bottleneck, per direction. */
    int queueLimit = Integer.MAX_VALUE;
    final Random linkRandom = new Random(7);

    private record Packet(long arrival, long order, int source, int destination, ByteBuf data) {
    }

    TwoStacks() {
        this(TcpConfig.DEFAULTS);
    }

    TwoStacks(TcpConfig config) {
        client = layer(CLIENT, config);
        server = layer(SERVER, config);
    }

    private TcpLayer layer(int address, TcpConfig config) {
        return new TcpLayer(new Ipv4Output() {
            @Override public ByteBufAllocator alloc() { return alloc; }
            @Override public int localAddress() { return address; }
            @Override public int mtu() { return 1500; }
            @Override public void send(int protocol, int destination, ByteBuf segment) {
                segment.readerIndex(segment.readerIndex() - HEADROOM); // TCP does not read the IPv4 header
                enqueue(address, destination, segment);
            }
            @Override public void flush() { }
        }, timers, config, Runnable::run);
    }

    private void enqueue(int source, int destination, ByteBuf packet) {
        long now = timers.clock().nanos();
        ArrayDeque<Long> queue = queues.get(destination == SERVER ? 0 : 1);
        while (!queue.isEmpty() && queue.peekFirst() <= now) {
            queue.pollFirst();
        }
        if (linkRandom.nextDouble() < lossRate || queue.size() >= queueLimit) {
            packet.release();
            return;
        }
        long start = queue.isEmpty() ? now : Math.max(now, queue.peekLast());
        long departure = start + (bytesPerSecond == 0 ? 0 : packet.readableBytes() * 1_000_000_000L / bytesPerSecond);
        queue.addLast(departure);
        long jitter = jitterNanos == 0 ? 0 : (long) ((linkRandom.nextDouble() * 2 - 1) * jitterNanos);
        wire.add(new Packet(departure + delayNanos + jitter, sent++, source, destination, packet));
    }

    /** Delivers packets and runs timers in time order until {@code done}. */
    void run(BooleanSupplier done, long maxNanos) {
        long deadline = timers.clock().nanos() + maxNanos;
        while (!done.getAsBoolean()) {
            long now = timers.clock().nanos();
            Packet p = wire.peek();
            if (p != null && p.arrival() <= now) {
                wire.poll();
                try {
                    (p.destination() == SERVER ? server : client).receive(p.data(), 20, p.source(), p.destination(), false);
                    delivered++;
                } finally {
                    p.data().release();
                }
                continue;
            }
            long next = p != null ? p.arrival() : Long.MAX_VALUE;
            if (timers.nextDeadline().isPresent()) {
                next = Math.min(next, timers.nextDeadline().getAsLong());
            }
            assertThat(next).as("something left to do").isNotEqualTo(Long.MAX_VALUE);
            assertThat(next).as("within the time limit").isLessThanOrEqualTo(deadline);
            timers.advance(Math.max(0, next - now));
        }
    }

    boolean idle() {
        return timers.pendingTimers() == 0 && wire.isEmpty();
    }

    /** What one {@link #transfer} measured. */
    record Result(long nanos, long retransmissions) {
        /** Goodput of {@code bytes} in Mbit/s over the transfer's virtual time. */
        double mbps(long bytes) {
            return bytes * 8e3 / nanos;
        }
    }

    /**
     * Client sends {@code upBytes}, server {@code downBytes}, both at once; both close when done.
     * Asserts every byte arrived in order, an orderly close of both ends and no buffer leaks.
     *
     * @return virtual time from connect until both sides received everything
     */
    Result transfer(int upBytes, int downBytes) {
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

        long start = timers.clock().nanos();
        server.listen(80, 4, serverApp::attach);
        clientApp.endpoint = client.connect(TcpLayer.socketAddress(SERVER, 80), clientApp);

        run(() -> serverApp.received.size() == up.length && clientApp.received.size() == down.length,
                3_600_000_000_000L);
        long elapsed = timers.clock().nanos() - start;
        assertThat(serverApp.received.toByteArray()).isEqualTo(up);
        assertThat(clientApp.received.toByteArray()).isEqualTo(down);
        long retransmissions = client.counters().retransSegs() + server.counters().retransSegs();

        lossRate = 0; // a lost last ACK would leave the peer in LAST_ACK until it gives up
        run(this::idle, 600_000_000_000L);
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
        return new Result(elapsed, retransmissions);
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
            while (sent < toSend.length && e.writableBytes() > 0 && e.state().ordinal() <= TcpState.CLOSE_WAIT.ordinal()
                    && e.state().isSynchronized()) {
                ByteBuf chunk = Unpooled.wrappedBuffer(toSend, sent, Math.min(toSend.length - sent, 10_000));
                sent += e.write(chunk);
                chunk.release();
            }
            ByteBuf dst = Unpooled.buffer();
            while (e.read(dst, 65536) > 0) {
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
}

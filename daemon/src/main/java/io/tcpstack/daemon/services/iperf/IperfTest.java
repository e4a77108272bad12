package io.tcpstack.daemon.services.iperf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.socket.LoopStream;
import io.tcpstack.core.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One iperf3 test, from the control connection's cookie to its end: the data streams that
 * present the same cookie, and the moments that bound what is counted. Driven from the control
 * connection's loop; its streams, on their own loops, read its state and share its byte budget,
 * so what they touch is thread-safe.
 */
final class IperfTest {
    /** The client's 37-byte cookie (36 characters and a NUL); fixed. */
    private final byte[] cookie;
    /** Times the test: start, end, omitted seconds, stream deadlines. */
    private final Clock clock;
    /** Set once by {@link #expect}; null until the parameters are known. */
    private volatile TestParameters parameters;
    /** Accepted streams in accept order; at most {@link #expected} long; guarded by itself. */
    private final List<IperfStream> streams = new ArrayList<>();
    /** Total streams the client will open; 0 until {@link #expect}. */
    private volatile int expected;
    /**
     * The block of iperf3's repeating "0123456789" pattern that sending streams write, {@code -l}
     * bytes long; each stream writes through a duplicate of its own. Null until {@link #expect}.
     */
    private volatile ByteBuf block;
    /** Bytes the sending streams may still write, shared by all of them ({@code -n}/{@code -k}); never negative. */
    private final AtomicLong sendBudget = new AtomicLong();
    /** Set at TEST_START. */
    private volatile boolean started;
    /** Set at TEST_END, CLIENT_TERMINATE or the end of the control connection. */
    private volatile boolean ended;
    /** {@link #clock} at TEST_START; meaningful once {@link #started}. */
    private volatile long startNanos;
    /** {@link #clock} at the end; meaningful once {@link #ended}. */
    private volatile long endNanos;
    /** Process CPU time at TEST_START, for the CPU utilisation in the results; null before. */
    private ProcessCpu.Sample startCpu;

    IperfTest(byte[] cookie, Clock clock) {
        this.cookie = cookie.clone();
        this.clock = clock;
    }

    long now() {
        return clock.nanos();
    }

    boolean owns(byte[] candidate) {
        return Arrays.equals(cookie, candidate);
    }

    TestParameters parameters() {
        return parameters;
    }

    /** Starts accepting data streams for these parameters. */
    void expect(TestParameters parameters) {
        this.expected = parameters.receivingStreams() + parameters.sendingStreams();
        this.sendBudget.set(parameters.sendLimit());
        byte[] pattern = new byte[parameters.blockSize()];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) ('0' + i % 10);
        }
        this.block = Unpooled.wrappedBuffer(pattern);
        this.parameters = parameters; // last: a stream that sees the parameters sees the rest
    }

    /**
     * Adds a data stream that presented this test's cookie: receiving streams first, then sending
     * ones, as iperf3's server assigns them. Null when the test is not expecting another stream.
     */
    IperfStream attach(LoopStream stream, Executor loop) {
        TestParameters p = parameters;
        synchronized (streams) {
            if (p == null || streams.size() >= expected || ended()) {
                return null;
            }
            boolean sending = streams.size() >= p.receivingStreams();
            // iperf3 numbers streams 1, 3, 4, 5, ... (iperf_add_stream); replaced by the client's own ids later
            IperfStream s = new IperfStream(this, stream, loop, sending, streams.isEmpty() ? 1 : streams.size() + 2);
            streams.add(s);
            return s;
        }
    }

    /** True once every stream the parameters announce has connected. */
    boolean allConnected() {
        synchronized (streams) {
            return parameters != null && streams.size() == expected;
        }
    }

    int expected() {
        return expected;
    }

    /** The accepted streams in accept order (a copy). */
    List<IperfStream> streams() {
        synchronized (streams) {
            return List.copyOf(streams);
        }
    }

    /** TEST_START: counting begins, sending streams start filling their send buffers. */
    void start() {
        startCpu = ProcessCpu.sample();
        startNanos = clock.nanos();
        started = true;
        for (IperfStream s : streams()) {
            s.onItsLoop(s::writable);
        }
    }

    /** TEST_END, CLIENT_TERMINATE or the end of the control connection: counting stops, senders close. Idempotent. */
    void end() {
        if (ended) {
            return;
        }
        endNanos = clock.nanos();
        ended = true;
        for (IperfStream s : streams()) {
            s.onItsLoop(s::testEnded);
        }
    }

    /** Between TEST_START and the end: sending streams write. */
    boolean running() {
        return started && !ended;
    }

    boolean ended() {
        return ended;
    }

    long startNanos() {
        return startNanos;
    }

    long endNanos() {
        return endNanos;
    }

    ProcessCpu.Sample startCpu() {
        return startCpu;
    }

    /** True during the leading seconds that {@code -O} leaves out of the results. */
    boolean omitting() {
        return parameters.omitSeconds() > 0
                && started && clock.nanos() - startNanos < TimeUnit.SECONDS.toNanos(parameters.omitSeconds());
    }

    ByteBuf block() {
        return block;
    }

    /** Takes up to {@code wanted} bytes of the budget for a write; what a write leaves goes back with {@link #refund}. */
    int take(int wanted) {
        long before = sendBudget.getAndUpdate(b -> b - Math.min(b, wanted));
        return (int) Math.min(before, wanted);
    }

    /** Bytes taken but not written. */
    void refund(int n) {
        if (n > 0) {
            sendBudget.addAndGet(n);
        }
    }
}

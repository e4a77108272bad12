package io.tcpstack.daemon.services.iperf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.socket.LoopStream;
import io.tcpstack.core.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One iperf3 test, from the control connection's cookie to its end: the data streams that
 * present the same cookie, and the moments that bound what is counted. Loop-confined.
 */
final class IperfTest {
    /** The client's 37-byte cookie (36 characters and a NUL); fixed. */
    private final byte[] cookie;
    /** Times the test: start, end, omitted seconds, stream deadlines. */
    private final Clock clock;
    /** Set once by {@link #expect}; null until the parameters are known. */
    private TestParameters parameters;
    /** Accepted streams in accept order; at most {@link #expected} long. */
    private final List<IperfStream> streams = new ArrayList<>();
    /** Total streams the client will open; 0 until {@link #expect}. */
    private int expected;
    /**
     * The block of iperf3's repeating "0123456789" pattern that sending streams write, {@code -l}
     * bytes long; shared by them, each sets its indices before a write. Null until {@link #expect}.
     */
    private ByteBuf block;
    /** Bytes the sending streams may still write, shared by all of them ({@code -n}/{@code -k}); never negative. */
    private long sendBudget;
    /** Set at TEST_START. */
    private boolean started;
    /** Set at TEST_END, CLIENT_TERMINATE or the end of the control connection. */
    private boolean ended;
    /** {@link #clock} at TEST_START; meaningful once {@link #started}. */
    private long startNanos;
    /** {@link #clock} at the end; meaningful once {@link #ended}. */
    private long endNanos;
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
        this.parameters = parameters;
        this.expected = parameters.receivingStreams() + parameters.sendingStreams();
        this.sendBudget = parameters.sendLimit();
        byte[] pattern = new byte[parameters.blockSize()];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) ('0' + i % 10);
        }
        this.block = Unpooled.wrappedBuffer(pattern);
    }

    /**
     * Adds a data stream that presented this test's cookie: receiving streams first, then sending
     * ones, as iperf3's server assigns them. Null when the test is not expecting another stream.
     */
    IperfStream attach(LoopStream stream) {
        if (parameters == null || streams.size() >= expected || ended()) {
            return null;
        }
        boolean sending = streams.size() >= parameters.receivingStreams();
        // iperf3 numbers streams 1, 3, 4, 5, ... (iperf_add_stream); replaced by the client's own ids later
        IperfStream s = new IperfStream(this, stream, sending, streams.isEmpty() ? 1 : streams.size() + 2);
        streams.add(s);
        return s;
    }

    /** True once every stream the parameters announce has connected. */
    boolean allConnected() {
        return parameters != null && streams.size() == expected;
    }

    int expected() {
        return expected;
    }

    /** The accepted streams in accept order (a read-only view). */
    List<IperfStream> streams() {
        return Collections.unmodifiableList(streams);
    }

    /** TEST_START: counting begins, sending streams start filling their send buffers. */
    void start() {
        startCpu = ProcessCpu.sample();
        startNanos = clock.nanos();
        started = true;
        for (IperfStream s : streams) {
            s.writable();
        }
    }

    /** TEST_END, CLIENT_TERMINATE or the end of the control connection: counting stops, senders close. Idempotent. */
    void end() {
        if (ended) {
            return;
        }
        endNanos = clock.nanos();
        ended = true;
        for (IperfStream s : streams) {
            s.testEnded();
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

    long sendBudget() {
        return sendBudget;
    }

    /** A sending stream wrote {@code n} bytes of the budget. */
    void spend(int n) {
        sendBudget -= n;
    }
}

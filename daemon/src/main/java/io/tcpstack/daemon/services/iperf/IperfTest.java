package io.tcpstack.daemon.services.iperf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One iperf3 test, from the control connection's cookie to its end: the data streams that
 * present the same cookie, and the moments that bound what is counted. Shared by the control
 * thread and the streams' threads.
 */
final class IperfTest {
    /** The client's 37-byte cookie (36 characters and a NUL); fixed. */
    private final byte[] cookie;
    /** Set once by {@link #expect}; null until the parameters are known. */
    private volatile TestParameters parameters;
    /** Accepted streams in accept order; guarded by {@code this}; at most {@link #expected} long. */
    private final List<IperfStream> streams = new ArrayList<>();
    /** Total streams the client will open; 0 until {@link #expect}. */
    private int expected;
    /** Counts down once per accepted stream. */
    private volatile CountDownLatch connected = new CountDownLatch(1);
    /** Opened by {@link #start}: sending streams wait for TEST_RUNNING. */
    private final CountDownLatch running = new CountDownLatch(1);
    /** Counts down as each sending stream stops. */
    private volatile CountDownLatch sendersStopped = new CountDownLatch(0);
    /** Bytes the sending streams may still write, shared by all of them ({@code -n}/{@code -k}). */
    private final AtomicLong sendBudget = new AtomicLong();
    /** The block a sending stream writes, iperf3's repeating "0123456789" pattern. */
    private volatile byte[] block;
    /** System.nanoTime() at TEST_START; 0 before. */
    private volatile long startNanos;
    /** System.nanoTime() at TEST_END (or when the control connection failed); 0 while running. */
    private volatile long endNanos;
    /** Process CPU time at TEST_START, for the CPU utilisation in the results. */
    private volatile ProcessCpu.Sample startCpu;

    IperfTest(byte[] cookie) {
        this.cookie = cookie.clone();
    }

    boolean owns(byte[] candidate) {
        return Arrays.equals(cookie, candidate);
    }

    TestParameters parameters() {
        return parameters;
    }

    /** Starts accepting data streams for these parameters. */
    synchronized void expect(TestParameters parameters) {
        this.parameters = parameters;
        this.expected = parameters.receivingStreams() + parameters.sendingStreams();
        this.sendBudget.set(parameters.sendLimit());
        this.sendersStopped = new CountDownLatch(parameters.sendingStreams());
        byte[] pattern = new byte[parameters.blockSize()];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) ('0' + i % 10);
        }
        this.block = pattern;
        this.connected = new CountDownLatch(expected);
    }

    /**
     * Adds a data stream that presented this test's cookie: receiving streams first, then sending
     * ones, as iperf3's server assigns them. Null when the test is not expecting another stream.
     */
    synchronized IperfStream attach() {
        if (parameters == null || streams.size() >= expected || endNanos != 0) {
            return null;
        }
        boolean sending = streams.size() >= parameters.receivingStreams();
        // iperf3 numbers streams 1, 3, 4, 5, ... (iperf_add_stream); replaced by the client's own ids later
        IperfStream stream = new IperfStream(this, sending, streams.isEmpty() ? 1 : streams.size() + 2);
        streams.add(stream);
        connected.countDown();
        return stream;
    }

    boolean awaitStreams(Duration timeout) throws InterruptedException {
        return connected.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    synchronized List<IperfStream> streams() {
        return List.copyOf(streams);
    }

    /** TEST_START: counting begins, sending streams are released. */
    void start() {
        startCpu = ProcessCpu.sample();
        startNanos = System.nanoTime();
        running.countDown();
    }

    void awaitRunning() throws InterruptedException {
        running.await();
    }

    /** TEST_END, CLIENT_TERMINATE or a failed control connection: counting stops. Idempotent. */
    void end() {
        if (endNanos == 0) {
            endNanos = System.nanoTime();
        }
        running.countDown(); // a sender still waiting sees the end at once
    }

    boolean ended() {
        return endNanos != 0;
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
        TestParameters p = parameters;
        return p != null && p.omitSeconds() > 0
                && System.nanoTime() - startNanos < TimeUnit.SECONDS.toNanos(p.omitSeconds());
    }

    byte[] block() {
        return block;
    }

    /** Up to {@code wanted} bytes of the shared send budget; 0 once it is spent. */
    long takeSendBudget(long wanted) {
        while (true) {
            long left = sendBudget.get();
            long grant = Math.min(left, wanted);
            if (grant == 0 || sendBudget.compareAndSet(left, left - grant)) {
                return grant;
            }
        }
    }

    void senderStopped() {
        sendersStopped.countDown();
    }

    /** Waits until every sending stream has finished its last write. */
    boolean awaitSenders(Duration timeout) throws InterruptedException {
        return sendersStopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}

package io.tcpstack.daemon.services.iperf;

import io.tcpstack.core.socket.StreamSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One data connection of a test: it either receives (the client sends) or sends until the test
 * ends. Its counters are written only by the connection's own thread and read by the control
 * thread once the test has ended.
 */
final class IperfStream {
    /** Receive buffer size: large reads keep the per-byte cost of the copy-out low. */
    private static final int READ_BUFFER_BYTES = 256 * 1024;

    private final IperfTest test;
    /** True when this server writes on the stream, false when it reads; fixed at accept. */
    private final boolean sending;
    /** iperf3's stream id, as the client numbers it; set before the results are sent. */
    private volatile int id;
    /** Bytes moved since the stream began; single writer (the stream's thread). */
    private volatile long bytes;
    /** {@link #bytes} at the end of the omitted seconds ({@code -O}), else 0; single writer. */
    private volatile long omittedBytes;
    /** System.nanoTime() when a sending stream stopped; 0 while it sends and for receiving streams. */
    private volatile long endNanos;

    IperfStream(IperfTest test, boolean sending, int id) {
        this.test = test;
        this.sending = sending;
        this.id = id;
    }

    boolean sending() {
        return sending;
    }

    int id() {
        return id;
    }

    void id(int id) {
        this.id = id;
    }

    /** Bytes counted for the results: those after the omitted seconds. */
    long countedBytes() {
        return bytes - omittedBytes;
    }

    /** Nanoseconds from the test's start to the end of counting (to the test's end if still counting). */
    long countedNanos(long testStartNanos, long testEndNanos) {
        long end = endNanos != 0 ? endNanos : testEndNanos;
        return Math.max(0, end - testStartNanos);
    }

    /** Runs on the connection's thread until the test is over (sending) or the client closes (receiving). */
    void run(StreamSocket socket) throws IOException, InterruptedException {
        if (sending) {
            send(socket.outputStream());
        } else {
            receive(socket.inputStream());
        }
    }

    /** Counts until the test ends, then drains without counting until the client closes. */
    private void receive(InputStream in) throws IOException {
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (!test.ended()) {
                count(n);
            }
        }
    }

    /** Writes blocks of iperf3's repeating pattern from TEST_RUNNING until the test ends or the byte budget is spent. */
    private void send(OutputStream out) throws IOException, InterruptedException {
        try {
            test.awaitRunning();
            byte[] block = test.block();
            long grant;
            while (!test.ended() && (grant = test.takeSendBudget(block.length)) > 0) {
                out.write(block, 0, (int) grant);
                count(grant);
            }
        } finally {
            endNanos = System.nanoTime();
            test.senderStopped();
        }
    }

    /** Adds {@code n} moved bytes; everything moved during the omitted seconds is left out. */
    private void count(long n) {
        bytes += n;
        if (test.omitting()) {
            omittedBytes = bytes;
        }
    }
}

package io.tcpstack.daemon.services.iperf;

import io.netty.buffer.ByteBuf;
import io.tcpstack.core.socket.LoopStream;
import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * One data connection of a test, after its cookie: it either receives (the client sends), counting
 * and dropping the bytes uncopied, or sends slices of the test's pattern block whenever the send
 * buffer has room, from TEST_START until the test ends or the byte budget is spent. Runs on its
 * connection's loop; the test, driven from the control connection's loop, reaches it through
 * {@link #onItsLoop} and reads its counts, which are volatile.
 */
final class IperfStream implements IperfConnection {
    private final IperfTest test;
    private final LoopStream stream;
    /** The connection's event loop. */
    private final Executor loop;
    /** True when this server writes on the stream, false when it reads; fixed at accept. */
    private final boolean sending;
    /** This stream's view of the test's pattern block (its own indices); null for a receiving stream. */
    private final ByteBuf block;
    /** iperf3's stream id, as the client numbers it; set before the results are sent. */
    private volatile int id;
    /** Bytes moved since the stream began; written on the loop, read by the test. */
    private volatile long bytes;
    /** {@link #bytes} at the end of the omitted seconds ({@code -O}), else 0. */
    private volatile long omittedBytes;
    /** Where in the block the next write starts, in [0, block size); sending streams only. */
    private int blockOffset;
    /** A sending stream stopped: the test ended, its budget was spent or the connection ended. */
    private volatile boolean stopped;
    /** The test's clock when a sending stream stopped; meaningful once {@link #stopped}. */
    private volatile long endNanos;

    IperfStream(IperfTest test, LoopStream stream, Executor loop, boolean sending, int id) {
        this.test = test;
        this.stream = stream;
        this.loop = loop;
        this.sending = sending;
        this.block = sending ? test.block().duplicate() : null;
        this.id = id;
    }

    /** Runs {@code task} on this stream's loop (from the test's, which may be another). */
    void onItsLoop(Runnable task) {
        loop.execute(task);
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
        long end = stopped ? endNanos : testEndNanos;
        return Math.max(0, end - testStartNanos);
    }

    /** Counts what arrives until the test ends, then drains without counting; closes at the client's FIN. */
    @Override
    public void readable() {
        for (int n; (n = stream.skip(Integer.MAX_VALUE)) != 0; ) {
            if (n < 0) {
                stream.close();
                return;
            }
            if (!test.ended()) {
                count(n);
            }
        }
    }

    /** A sending stream of a running test fills the send buffer with the pattern, within the byte budget. */
    @Override
    public void writable() {
        if (!sending || stopped || !test.running()) {
            return;
        }
        int size = block.capacity();
        for (int room; (room = stream.writableBytes()) > 0; ) {
            int grant = test.take(Math.min(room, size - blockOffset));
            if (grant == 0) {
                stop(); // -n / -k: the budget is spent
                return;
            }
            block.setIndex(blockOffset, blockOffset + grant);
            int n = stream.write(block);
            test.refund(grant - n);
            count(n);
            blockOffset = (blockOffset + n) % size;
        }
    }

    /** The test is over: a sending stream stops and closes (FIN after what it wrote). */
    void testEnded() {
        if (sending) {
            stop();
        }
    }

    @Override
    public void closed(IOException error) {
        if (sending && !stopped) {
            stopped = true;
            endNanos = test.now();
        }
    }

    private void stop() {
        if (!stopped) {
            stopped = true;
            endNanos = test.now();
            stream.close();
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

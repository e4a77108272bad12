package io.tcpstack.core.tcp;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that the buffers of all queues' connections hold together, against one limit: what
 * Linux's {@code tcp_mem} does for the kernel's TCP. Each layer keeps its own exact count in its
 * {@link MemoryBudget} and publishes it here in batches of {@link #batch} bytes, as Linux's
 * per-CPU counters do ({@code sk_forward_alloc}, {@code percpu_counter}): the event loops do not
 * meet on this atomic for every segment, and the total seen by one loop is off by at most
 * {@code batch} per other queue. With one queue the batch is 0 and the total exact.
 *
 * <p>Three levels, in Linux's proportions ({@code tcp_mem} is low:pressure:high = 3:4:6 by
 * default): above two thirds of the limit the stack is <em>under pressure</em> until it is back
 * below half; at the limit it is <em>exhausted</em>.
 */
final class MemoryPool {
    /** The most bytes a queue holds back from the shared total; a sixteenth of the limit over all queues at most. */
    private static final long MAX_BATCH = 256 * 1024;

    private final long limit;
    private final long pressureFrom;
    private final long pressureUntil;
    private final long batch;
    private final AtomicLong published = new AtomicLong();
    private final AtomicBoolean pressure = new AtomicBoolean();

    /** @param queues the layers that share the pool */
    MemoryPool(long limit, int queues) {
        this.limit = limit;
        this.pressureFrom = limit / 3 * 2;
        this.pressureUntil = limit / 2;
        this.batch = queues == 1 ? 0 : Math.min(MAX_BATCH, limit / (16L * queues));
    }

    long limit() {
        return limit;
    }

    /** Bytes a layer may hold back before it publishes them. */
    long batch() {
        return batch;
    }

    /** The total as published, plus {@code unpublished} bytes of the caller's own. */
    long used(long unpublished) {
        return published.get() + unpublished;
    }

    boolean underPressure() {
        return pressure.get();
    }

    /**
     * A layer adds {@code delta} (negative for a release) to the total; true if this call put the
     * stack under pressure, for the caller to count.
     */
    boolean publish(long delta) {
        long total = published.addAndGet(delta);
        if (total > pressureFrom) {
            return !pressure.get() && pressure.compareAndSet(false, true);
        }
        if (total < pressureUntil && pressure.get()) {
            pressure.set(false);
        }
        return false;
    }
}

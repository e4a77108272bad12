package io.tcpstack.daemon.control;

import io.netty.util.internal.PlatformDependent;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One trace client's records on their way from the event loops to its control-channel thread: a
 * bounded lock-free queue (many producers, the loops; one consumer). A loop never waits for it:
 * when the queue is full the record is dropped and counted ({@link #dropped}), and the client
 * is told the count.
 */
public final class TraceSubscription {
    /** Records that may wait for a slow client; beyond this they are dropped. */
    public static final int CAPACITY = 8192;

    private final TraceFilter filter;
    private final Queue<TraceRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    /** The consumer while it parks for records, else null. */
    private volatile Thread waiting;

    public TraceSubscription(TraceFilter filter) {
        this(filter, CAPACITY);
    }

    TraceSubscription(TraceFilter filter, int capacity) {
        this.filter = filter;
        this.queue = PlatformDependent.newFixedMpscQueue(capacity);
    }

    TraceFilter filter() {
        return filter;
    }

    /** On an event loop: queues the record, or counts it dropped when the queue is full. Never blocks. */
    void offer(TraceRecord record) {
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
            return;
        }
        Thread consumer = waiting;
        if (consumer != null) {
            LockSupport.unpark(consumer);
        }
    }

    /** The consumer's next record, waiting at most {@code timeoutNanos}; null if none came. */
    TraceRecord poll(long timeoutNanos) {
        TraceRecord record = queue.poll();
        if (record != null) {
            return record;
        }
        waiting = Thread.currentThread();
        try {
            record = queue.poll(); // a record offered before waiting was set would not unpark us
            if (record == null) {
                LockSupport.parkNanos(this, timeoutNanos);
                record = queue.poll();
            }
        } finally {
            waiting = null;
        }
        return record;
    }

    /** For a consumer outside the control channel: the next record as an event, or null if none came in time. */
    public TraceEvent next(long timeoutNanos) {
        TraceRecord record = poll(timeoutNanos);
        return record == null ? null : record.event();
    }

    /** Records dropped so far because the queue was full. */
    public long dropped() {
        return dropped.get();
    }
}

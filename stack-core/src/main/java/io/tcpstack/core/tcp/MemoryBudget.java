package io.tcpstack.core.tcp;

/**
 * One layer's share of the {@link MemoryPool}: the bytes its connections' send and receive
 * buffers hold, counted exactly here and published to the pool in batches.
 *
 * <p>Under pressure receivers drop out-of-order data instead of queueing it and stop opening their
 * windows beyond a few segments; when the pool is exhausted buffers take no more bytes than their
 * guarantee and listeners refuse new connections.
 *
 * <p>Each buffer may hold {@link #GUARANTEE} bytes whatever the total, as Linux's {@code tcp_rmem[0]}
 * and {@code tcp_wmem[0]}: no connection can be starved into a deadlock by the others, so the
 * total may pass the limit by at most that much per connection.
 *
 * <p>Confined to the layer's event loop.
 */
final class MemoryBudget {
    /** Bytes each send and each receive buffer may hold even when the budget is exhausted. */
    static final int GUARANTEE = 16 * 1024;

    private final MemoryPool pool;
    private final TcpCounters counters;
    /** Bytes held by this layer's buffers now. */
    private long held;
    /** Of {@link #held}, what the pool has not been told yet: within ±{@link MemoryPool#batch()}. */
    private long unpublished;

    MemoryBudget(MemoryPool pool, TcpCounters counters) {
        this.pool = pool;
        this.counters = counters;
    }

    /** Bytes held by this layer's buffers. */
    long held() {
        return held;
    }

    /** Bytes held by the buffers of all layers that share the pool, as far as this layer knows. */
    long used() {
        return pool.used(unpublished);
    }

    long limit() {
        return pool.limit();
    }

    /** Under pressure: past two thirds of the limit, and not yet back below half of it. */
    boolean underPressure() {
        return pool.underPressure();
    }

    /** At or past the limit: new connections are refused, buffers take only their guarantee. */
    boolean exhausted() {
        return used() >= pool.limit();
    }

    /**
     * How many more bytes a buffer that holds {@code held} may take now, at most {@code wanted}:
     * all of them while the total stays within the limit, else what is left of its guarantee.
     */
    int grant(int wanted, int held) {
        long room = Math.max(pool.limit() - used(), GUARANTEE - (long) held);
        return (int) Math.max(0, Math.min(wanted, room));
    }

    /** A buffer took {@code n} more bytes. */
    void charge(int n) {
        held += n;
        unpublished += n;
        if (unpublished > pool.batch()) {
            publish();
        }
    }

    /** A buffer let go of {@code n} bytes. */
    void release(int n) {
        held -= n;
        unpublished -= n;
        if (-unpublished > pool.batch()) {
            publish();
        }
    }

    private void publish() {
        if (pool.publish(unpublished)) {
            counters.increment(TcpCounters.Counter.MEMORY_PRESSURES);
        }
        unpublished = 0;
    }
}

package io.tcpstack.core.tcp;

/**
 * The bytes that every connection's send and receive buffers hold together, against one limit:
 * what Linux's {@code tcp_mem} does for the kernel's TCP.
 *
 * <p>Three levels, in Linux's proportions ({@code tcp_mem} is low:pressure:high = 3:4:6 by
 * default): above two thirds of the limit the layer is <em>under pressure</em> until it is back
 * below half; at the limit it is <em>exhausted</em>. Under pressure receivers drop out-of-order
 * data instead of queueing it and stop opening their windows beyond a few segments; when exhausted
 * buffers take no more bytes than their guarantee and listeners refuse new connections.
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

    private final long limit;
    private final long pressureFrom;
    private final long pressureUntil;
    private final TcpCounters counters;
    /** Bytes held by all buffers now. */
    private long used;
    private boolean pressure;

    MemoryBudget(long limit, TcpCounters counters) {
        this.limit = limit;
        this.pressureFrom = limit / 3 * 2;
        this.pressureUntil = limit / 2;
        this.counters = counters;
    }

    /** Bytes held by all buffers. */
    long used() {
        return used;
    }

    long limit() {
        return limit;
    }

    /** Under pressure: past two thirds of the limit, and not yet back below half of it. */
    boolean underPressure() {
        return pressure;
    }

    /** At or past the limit: new connections are refused, buffers take only their guarantee. */
    boolean exhausted() {
        return used >= limit;
    }

    /**
     * How many more bytes a buffer that holds {@code held} may take now, at most {@code wanted}:
     * all of them while the total stays within the limit, else what is left of its guarantee.
     */
    int grant(int wanted, int held) {
        long room = Math.max(limit - used, GUARANTEE - (long) held);
        return (int) Math.max(0, Math.min(wanted, room));
    }

    /** A buffer took {@code n} more bytes. */
    void charge(int n) {
        used += n;
        if (!pressure && used > pressureFrom) {
            pressure = true;
            counters.increment(TcpCounters.Counter.MEMORY_PRESSURES);
        }
    }

    /** A buffer let go of {@code n} bytes. */
    void release(int n) {
        used -= n;
        if (pressure && used < pressureUntil) {
            pressure = false;
        }
    }
}

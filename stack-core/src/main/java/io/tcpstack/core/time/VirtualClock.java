package io.tcpstack.core.time;

/**
 * A clock that moves only when told to, so tests can run minutes of protocol time instantly.
 * Starts at 0. Never moves backwards.
 */
public final class VirtualClock implements Clock {
    /** Current virtual time in nanoseconds; only ever increases. */
    private long now;

    @Override
    public long nanos() {
        return now;
    }

    /** Moves the clock forward by {@code nanos} (>= 0). */
    public void advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot move a clock backwards by " + nanos + " ns");
        }
        now += nanos;
    }

    /** Moves the clock to {@code nanos} if that is later than now; an earlier time is ignored. */
    public void advanceTo(long nanos) {
        now = Math.max(now, nanos);
    }
}

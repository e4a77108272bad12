package io.tcpstack.core.socket;

import io.tcpstack.core.time.Clock;
import io.tcpstack.core.time.TimerScheduler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Ends the connections of an event-driven service that made no progress for a fixed time. The
 * handler reports each connection's progress with {@link #active} (on open, and whenever bytes
 * move) and its end with {@link #remove}; one inactive for the whole timeout is removed and handed
 * to the expiry action, on the loop.
 *
 * <p>Every connection has the same timeout, so ordering them by their last activity orders them by
 * deadline: they are kept in an access-ordered {@link LinkedHashMap}, the least recently active
 * first, and one timer, armed for the first one's deadline, serves them all. An activity costs a
 * clock read and a map lookup, without allocating; a connection costs one map entry while tracked,
 * and a service without an idle timeout has no {@code IdleTimeout} at all. Loop-confined.
 *
 * @param <C> what identifies a connection (a {@link LoopStream}); compared by {@code equals}
 */
public final class IdleTimeout<C> {
    private final Clock clock;
    private final long timeoutNanos;
    private final Consumer<C> onIdle;
    private final TimerScheduler.Timer timer;
    /** Each tracked connection's last activity ({@link Clock#nanos()}, in a one-slot array), least recent first. */
    private final LinkedHashMap<C, long[]> lastActive = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param timers the loop's timers
     * @param timeout how long a connection may make no progress; positive
     * @param onIdle ends a connection found idle (already removed); runs on the loop
     */
    public IdleTimeout(TimerScheduler timers, Duration timeout, Consumer<C> onIdle) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive: " + timeout);
        }
        this.clock = timers.clock();
        this.timeoutNanos = timeout.toNanos();
        this.onIdle = onIdle;
        this.timer = timers.newTimer(this::expire);
    }

    /** {@code connection} made progress now (or opened): its timeout starts again. */
    public void active(C connection) {
        long now = clock.nanos();
        long[] at = lastActive.get(connection); // moves it to the end: the most recently active
        if (at == null) {
            lastActive.put(connection, new long[] {now});
        } else {
            at[0] = now;
        }
        if (!timer.isArmed()) {
            timer.setDeadline(now + timeoutNanos);
        }
    }

    /** {@code connection} ended: no longer tracked. The timer stays armed and finds nothing due. */
    public void remove(C connection) {
        lastActive.remove(connection);
    }

    /** Connections tracked. */
    public int size() {
        return lastActive.size();
    }

    /** The timer: ends every connection whose deadline passed, then waits for the next deadline. */
    private void expire() {
        long now = clock.nanos();
        while (!lastActive.isEmpty()) {
            Map.Entry<C, long[]> first = lastActive.entrySet().iterator().next();
            long deadline = first.getValue()[0] + timeoutNanos;
            if (deadline - now > 0) {
                timer.setDeadline(deadline);
                return;
            }
            lastActive.remove(first.getKey()); // before the action, which may call remove itself
            onIdle.accept(first.getKey());
        }
    }
}

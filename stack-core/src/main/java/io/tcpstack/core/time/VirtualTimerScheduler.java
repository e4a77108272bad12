package io.tcpstack.core.time;

import java.util.Comparator;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Timers driven by a {@link VirtualClock}: nothing fires until the test calls {@link #advance}
 * or {@link #runUntilIdle}. Timers fire in deadline order (ties in arming order), with the clock
 * moved to each deadline before its task runs, so a task sees {@code clock().nanos()} equal to
 * the deadline it was armed for (or later, if it was armed for a time already past).
 *
 * <p>Single-threaded, like every {@link TimerScheduler}.
 */
public final class VirtualTimerScheduler implements TimerScheduler {
    /** The clock this scheduler owns; moved only by {@link #advance} and {@link #runUntilIdle}. */
    private final VirtualClock clock = new VirtualClock();

    /** Exactly the armed timers, ordered by (deadline, arming sequence). */
    private final TreeSet<VirtualTimer> armed = new TreeSet<>(
            Comparator.comparingLong(VirtualTimer::deadline).thenComparingLong(t -> t.sequence));

    /** Arming counter giving timers with equal deadlines a stable first-armed-first-run order. */
    private long nextSequence;

    /** True while a task runs; {@link #advance} is not re-entrant. */
    private boolean running;

    @Override
    public VirtualClock clock() {
        return clock;
    }

    @Override
    public Timer newTimer(Task task, int tag) {
        return new VirtualTimer(task, tag);
    }

    /**
     * Moves the clock forward by {@code nanos}, running every timer whose deadline is reached, in
     * deadline order, including timers armed by those tasks. The clock ends at now + nanos.
     */
    public void advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("cannot advance by a negative time: " + nanos + " ns");
        }
        long target = clock.nanos() + nanos;
        runDue(target);
        clock.advanceTo(target);
    }

    /**
     * Runs timers in deadline order until none is armed, moving the clock to each deadline but
     * never more than {@code maxNanos} past the time of the call.
     *
     * @return true if no timer is left armed; false if the limit was hit (the clock is then at
     *     the limit and the remaining timers are still armed)
     */
    public boolean runUntilIdle(long maxNanos) {
        if (maxNanos < 0) {
            throw new IllegalArgumentException("cannot run for a negative time: " + maxNanos + " ns");
        }
        long limit = clock.nanos() + maxNanos;
        runDue(limit);
        if (armed.isEmpty()) {
            return true;
        }
        clock.advanceTo(limit);
        return false;
    }

    /** Number of armed timers. */
    public int pendingTimers() {
        return armed.size();
    }

    /** The earliest armed deadline, or empty if no timer is armed. */
    public OptionalLong nextDeadline() {
        return armed.isEmpty() ? OptionalLong.empty() : OptionalLong.of(armed.first().deadline);
    }

    private void runDue(long limit) {
        if (running) {
            throw new IllegalStateException("a timer task must not advance the virtual clock");
        }
        running = true;
        try {
            while (!armed.isEmpty() && armed.first().deadline <= limit) {
                VirtualTimer timer = armed.pollFirst();
                timer.isArmed = false;
                clock.advanceTo(timer.deadline);
                timer.task.fire(timer.tag);
            }
        } finally {
            running = false;
        }
    }

    private final class VirtualTimer implements Timer {
        /** What runs when the deadline is reached, given {@link #tag}. */
        private final Task task;

        private final int tag;

        /** The armed deadline; while armed it is the key under which this timer sits in {@link #armed}. */
        private long deadline;

        /** Arming order, the tie-break key in {@link #armed}; fixed while armed. */
        private long sequence;

        /** True exactly when this timer is in {@link #armed}. */
        private boolean isArmed;

        VirtualTimer(Task task, int tag) {
            this.task = task;
            this.tag = tag;
        }

        @Override
        public void setDeadline(long deadlineNanos) {
            if (isArmed) {
                armed.remove(this);
            }
            deadline = deadlineNanos;
            sequence = nextSequence++;
            isArmed = true;
            armed.add(this);
        }

        @Override
        public void cancel() {
            if (isArmed) {
                armed.remove(this);
                isArmed = false;
            }
        }

        @Override
        public boolean isArmed() {
            return isArmed;
        }

        @Override
        public long deadline() {
            return deadline;
        }
    }
}

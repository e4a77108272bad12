package io.tcpstack.core.time;

/**
 * Timers for one event loop. All methods are called on, and all tasks run on, the thread that
 * owns the stack (the event loop in production, the test thread with a virtual clock).
 *
 * <p>Deadlines are lazy: {@link Timer#setDeadline(long)} only records the new deadline, it does
 * not cancel and re-add a task. When the underlying tick passes a stale deadline the timer
 * re-arms itself for the recorded one. An ACK that moves the retransmission deadline therefore
 * costs one field write.
 */
public interface TimerScheduler {
    Clock clock();

    /**
     * A new, unarmed timer that calls {@code task.fire(tag)} when its deadline passes. One task
     * may own several timers, told apart by their tags, so a timer costs no object of its own
     * beyond itself (a connection holds a few for each of many thousands of connections).
     */
    Timer newTimer(Task task, int tag);

    /** A new, unarmed timer that runs {@code task} when its deadline passes. */
    default Timer newTimer(Runnable task) {
        return newTimer(tag -> task.run(), 0);
    }

    /** What a timer calls when it fires. */
    @FunctionalInterface
    interface Task {
        /** The timer made with {@code tag} reached its deadline. */
        void fire(int tag);
    }

    interface Timer {
        /** Arms (or re-arms) the timer for the absolute {@link Clock#nanos()} deadline. */
        void setDeadline(long deadlineNanos);

        /** Disarms the timer; it will not run until armed again. */
        void cancel();

        boolean isArmed();

        /** The armed deadline; meaningless when not armed. */
        long deadline();
    }
}

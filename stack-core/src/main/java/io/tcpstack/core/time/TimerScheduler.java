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

    /** A new, unarmed timer that runs {@code task} when its deadline passes. */
    Timer newTimer(Runnable task);

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

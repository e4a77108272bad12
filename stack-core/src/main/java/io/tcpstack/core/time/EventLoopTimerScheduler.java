package io.tcpstack.core.time;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Production timers on the stack's Netty event loop, with the lazy deadlines described in
 * {@link TimerScheduler}: each armed timer has at most one Netty task scheduled, for a time no
 * later than its deadline. Moving a deadline later only writes a field; the early task, when it
 * runs, sees the deadline not yet reached and schedules itself again for the recorded one.
 * Moving a deadline earlier than the scheduled task replaces that task. Cancelling only disarms:
 * the task stays scheduled and does nothing when it runs, so a timer cancelled and re-armed no
 * earlier than its wake-up (the delayed-ACK timer, cancelled by every ACK sent) schedules no new
 * Netty task; a cancelled timer is referenced by the loop until its old wake-up time at most.
 *
 * <p>Timers fire in deadline order, never before their deadline by {@link #clock()}. Timers armed
 * for a deadline that has already passed run as soon as the loop gets to them, in arming order.
 *
 * <p>All methods must be called on the executor's thread.
 */
public final class EventLoopTimerScheduler implements TimerScheduler {
    /** The loop that owns the stack; every timer method runs on it and every task fires on it. */
    private final EventExecutor executor;

    /** The time source deadlines are expressed in; a task fires only once it reaches the deadline. */
    private final Clock clock;

    public EventLoopTimerScheduler(EventExecutor executor) {
        this(executor, Clock.SYSTEM);
    }

    public EventLoopTimerScheduler(EventExecutor executor, Clock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    private void requireLoopThread() {
        if (!executor.inEventLoop()) {
            throw new IllegalStateException("timers must be used on their event loop thread, not "
                    + Thread.currentThread().getName());
        }
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Timer newTimer(Task task, int tag) {
        return new LoopTimer(task, tag);
    }

    private final class LoopTimer implements Timer, Runnable {
        /** What runs when the deadline is reached, given {@link #tag}. */
        private final Task task;

        private final int tag;

        /** The armed deadline in {@link #clock} nanos; meaningful only while {@link #armed}. */
        private long deadline;

        /** Whether the task is to run at {@link #deadline}. */
        private boolean armed;

        /**
         * The scheduled Netty wake-up, or null. While armed it is non-null and due no later than
         * {@link #deadline}; while disarmed it may still be pending (it then runs and does nothing).
         */
        private ScheduledFuture<?> wakeUp;

        /** The clock time {@link #wakeUp} was scheduled for; meaningful only while it is non-null. */
        private long wakeUpAt;

        LoopTimer(Task task, int tag) {
            this.task = task;
            this.tag = tag;
        }

        @Override
        public void setDeadline(long deadlineNanos) {
            requireLoopThread();
            deadline = deadlineNanos;
            armed = true;
            if (wakeUp == null) {
                scheduleWakeUp();
            } else if (deadlineNanos - wakeUpAt < 0) {
                wakeUp.cancel(false);
                scheduleWakeUp();
            }
        }

        @Override
        public void cancel() {
            requireLoopThread();
            armed = false;
        }

        @Override
        public boolean isArmed() {
            return armed;
        }

        @Override
        public long deadline() {
            return deadline;
        }

        /** The Netty wake-up: fire if the deadline is reached, otherwise wait for the recorded one. */
        @Override
        public void run() {
            wakeUp = null;
            if (!armed) {
                return;
            }
            if (clock.nanos() - deadline < 0) {
                scheduleWakeUp();
                return;
            }
            armed = false;
            task.fire(tag);
        }

        private void scheduleWakeUp() {
            wakeUpAt = deadline;
            long delay = Math.max(0, deadline - clock.nanos());
            wakeUp = executor.schedule(this, delay, TimeUnit.NANOSECONDS);
        }
    }
}

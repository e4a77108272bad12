package io.tcpstack.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.tcpstack.core.time.TimerScheduler.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopTimerSchedulerTest {
    private static final long MS = 1_000_000;
    private static final long AWAIT_SECONDS = 10;

    /** A real event loop that counts the Netty tasks the scheduler asks for. */
    private static final class CountingEventLoop extends DefaultEventLoop {
        final AtomicInteger schedules = new AtomicInteger();
        final Semaphore scheduled = new Semaphore(0);

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            schedules.incrementAndGet();
            scheduled.release();
            return super.schedule(command, delay, unit);
        }
    }

    /** A clock only the test moves (read on the loop, written by the test). */
    private static final class ManualClock implements Clock {
        volatile long now;

        @Override
        public long nanos() {
            return now;
        }
    }

    private final CountingEventLoop loop = new CountingEventLoop();

    @AfterEach
    void shutDown() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private <T> T onLoop(Callable<T> action) throws Exception {
        return loop.submit(action).get(AWAIT_SECONDS, TimeUnit.SECONDS);
    }

    private void onLoop(Runnable action) throws Exception {
        loop.submit(action).get(AWAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(AWAIT_SECONDS, TimeUnit.SECONDS)).as("timer fired").isTrue();
    }

    @Test
    void firesInDeadlineOrderNoEarlierThanTheDeadline() throws Exception {
        EventLoopTimerScheduler scheduler = new EventLoopTimerScheduler(loop);
        List<String> fired = new ArrayList<>();
        List<Long> lateness = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        onLoop(() -> {
            // Spaced wide enough that arming all three ends before the first deadline.
            long now = scheduler.clock().nanos();
            for (String name : List.of("c", "b", "a")) {
                long deadline = now + (name.charAt(0) - 'a' + 1) * 25 * MS;
                scheduler.newTimer(() -> {
                    fired.add(name);
                    lateness.add(scheduler.clock().nanos() - deadline);
                    done.countDown();
                }).setDeadline(deadline);
            }
        });
        await(done);
        assertThat(onLoop(() -> List.copyOf(fired))).containsExactly("a", "b", "c");
        assertThat(onLoop(() -> List.copyOf(lateness))).allMatch(late -> late >= 0);
    }

    @Test
    void movingADeadlineLaterSchedulesNothing() throws Exception {
        ManualClock clock = new ManualClock();
        EventLoopTimerScheduler scheduler = new EventLoopTimerScheduler(loop, clock);
        onLoop(() -> {
            Timer t = scheduler.newTimer(() -> { });
            t.setDeadline(10_000 * MS);
            assertThat(loop.schedules).hasValue(1);
            t.setDeadline(20_000 * MS);
            t.setDeadline(15_000 * MS);
            assertThat(loop.schedules).hasValue(1);
            assertThat(t.deadline()).isEqualTo(15_000 * MS);
            t.setDeadline(5_000 * MS);
            assertThat(loop.schedules).as("an earlier deadline replaces the wake-up").hasValue(2);
            t.cancel();
        });
    }

    @Test
    void cancelledAndReArmedNoEarlierReusesTheWakeUp() throws Exception {
        ManualClock clock = new ManualClock();
        EventLoopTimerScheduler scheduler = new EventLoopTimerScheduler(loop, clock);
        onLoop(() -> {
            Timer t = scheduler.newTimer(() -> { });
            for (int i = 0; i < 100; i++) { // the delayed-ACK pattern: armed by data, cancelled by the ACK sent
                t.setDeadline(10_000 * MS + i);
                t.cancel();
            }
            assertThat(loop.schedules).as("Netty tasks scheduled").hasValue(1);
        });
    }

    @Test
    void earlyWakeUpWaitsForTheRecordedDeadline() throws Exception {
        ManualClock clock = new ManualClock();
        EventLoopTimerScheduler scheduler = new EventLoopTimerScheduler(loop, clock);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch fired = new CountDownLatch(1);
        Timer t = onLoop(() -> {
            Timer timer = scheduler.newTimer(() -> {
                runs.incrementAndGet();
                fired.countDown();
            });
            timer.setDeadline(MS);
            return timer;
        });
        // The clock stays at 0: each Netty wake-up must re-schedule rather than fire.
        assertThat(loop.scheduled.tryAcquire(3, AWAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(0);
        assertThat(onLoop(t::isArmed)).isTrue();

        onLoop(() -> {
            clock.now = MS;
        });
        await(fired);
        assertThat(runs).hasValue(1);
        assertThat(onLoop(t::isArmed)).isFalse();
    }

    @Test
    void movingADeadlineEarlierFiresAtTheEarlierTime() throws Exception {
        EventLoopTimerScheduler scheduler = new EventLoopTimerScheduler(loop);
        CountDownLatch fired = new CountDownLatch(1);
        onLoop(() -> {
            Timer t = scheduler.newTimer(fired::countDown);
            long now = scheduler.clock().nanos();
            t.setDeadline(now + TimeUnit.HOURS.toNanos(1));
            t.setDeadline(now + MS);
        });
        await(fired);
    }

    @Test
    void cancelledTimerDoesNotFire() throws Exception {
        EventLoopTimerScheduler scheduler = new EventLoopTimerScheduler(loop);
        AtomicInteger victimRuns = new AtomicInteger();
        CountDownLatch sentinel = new CountDownLatch(1);
        onLoop(() -> {
            long now = scheduler.clock().nanos();
            Timer victim = scheduler.newTimer(victimRuns::incrementAndGet);
            victim.setDeadline(now + MS);
            scheduler.newTimer(sentinel::countDown).setDeadline(now + 20 * MS);
            victim.cancel();
            assertThat(victim.isArmed()).isFalse();
        });
        await(sentinel);
        assertThat(victimRuns).hasValue(0);
    }

    @Test
    void taskMayRearmItsOwnTimer() throws Exception {
        EventLoopTimerScheduler scheduler = new EventLoopTimerScheduler(loop);
        CountDownLatch ticks = new CountDownLatch(3);
        Timer[] self = new Timer[1];
        onLoop(() -> {
            self[0] = scheduler.newTimer(() -> {
                ticks.countDown();
                if (ticks.getCount() > 0) {
                    self[0].setDeadline(scheduler.clock().nanos() + MS);
                }
            });
            self[0].setDeadline(scheduler.clock().nanos() + MS);
        });
        await(ticks);
        assertThat(onLoop(() -> self[0].isArmed())).isFalse();
    }

    @Test
    void rejectsUseOffTheLoop() throws Exception {
        EventLoopTimerScheduler scheduler = new EventLoopTimerScheduler(loop);
        Timer t = onLoop(() -> scheduler.newTimer(() -> { }));
        assertThatThrownBy(() -> t.setDeadline(0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event loop");
        assertThatThrownBy(t::cancel).isInstanceOf(IllegalStateException.class);
    }
}

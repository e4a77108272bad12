package io.tcpstack.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.core.time.TimerScheduler.Timer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualTimerSchedulerTest {
    private final VirtualTimerScheduler scheduler = new VirtualTimerScheduler();
    private final List<String> fired = new ArrayList<>();

    private Timer recording(String name) {
        return scheduler.newTimer(() -> fired.add(name + "@" + scheduler.clock().nanos()));
    }

    @Test
    void newTimerIsUnarmed() {
        Timer t = recording("a");
        assertThat(t.isArmed()).isFalse();
        assertThat(scheduler.pendingTimers()).isZero();
        assertThat(scheduler.nextDeadline()).isEmpty();
    }

    @Test
    void firesInDeadlineOrderAtEachDeadline() {
        recording("c").setDeadline(300);
        recording("a").setDeadline(100);
        recording("b").setDeadline(200);
        assertThat(scheduler.pendingTimers()).isEqualTo(3);
        assertThat(scheduler.nextDeadline()).hasValue(100);

        scheduler.advance(250);

        assertThat(fired).containsExactly("a@100", "b@200");
        assertThat(scheduler.clock().nanos()).isEqualTo(250);
        assertThat(scheduler.pendingTimers()).isEqualTo(1);
        assertThat(scheduler.nextDeadline()).hasValue(300);
    }

    @Test
    void deadlineExactlyReachedFires() {
        Timer t = recording("a");
        t.setDeadline(100);
        scheduler.advance(99);
        assertThat(fired).isEmpty();
        assertThat(t.isArmed()).isTrue();
        scheduler.advance(1);
        assertThat(fired).containsExactly("a@100");
        assertThat(t.isArmed()).isFalse();
    }

    @Test
    void equalDeadlinesRunInArmingOrder() {
        recording("first").setDeadline(10);
        recording("second").setDeadline(10);
        recording("third").setDeadline(10);
        scheduler.advance(10);
        assertThat(fired).containsExactly("first@10", "second@10", "third@10");
    }

    @Test
    void pastDeadlineFiresAtCurrentTimeWithoutMovingClockBack() {
        scheduler.advance(1_000);
        recording("late").setDeadline(10);
        scheduler.advance(0);
        assertThat(fired).containsExactly("late@1000");
    }

    @Test
    void rearmingMovesTheDeadline() {
        Timer t = recording("a");
        t.setDeadline(100);
        t.setDeadline(500);
        assertThat(t.deadline()).isEqualTo(500);
        assertThat(scheduler.pendingTimers()).isEqualTo(1);
        scheduler.advance(400);
        assertThat(fired).isEmpty();
        scheduler.advance(100);
        assertThat(fired).containsExactly("a@500");
    }

    @Test
    void cancelledTimerDoesNotFire() {
        Timer t = recording("a");
        t.setDeadline(100);
        t.cancel();
        assertThat(t.isArmed()).isFalse();
        assertThat(scheduler.pendingTimers()).isZero();
        scheduler.advance(1_000);
        assertThat(fired).isEmpty();
        t.cancel(); // cancelling an unarmed timer is harmless
        assertThat(scheduler.pendingTimers()).isZero();
    }

    @Test
    void taskMayRearmItselfWithinOneAdvance() {
        int[] runs = {0};
        Timer[] self = new Timer[1];
        self[0] = scheduler.newTimer(() -> {
            runs[0]++;
            fired.add("tick@" + scheduler.clock().nanos());
            if (runs[0] < 3) {
                self[0].setDeadline(scheduler.clock().nanos() + 100);
            }
        });
        self[0].setDeadline(100);
        scheduler.advance(10_000);
        assertThat(fired).containsExactly("tick@100", "tick@200", "tick@300");
        assertThat(scheduler.pendingTimers()).isZero();
        assertThat(scheduler.clock().nanos()).isEqualTo(10_000);
    }

    @Test
    void taskMayArmAnEarlierTimerThatStillRunsInOrder() {
        Timer late = recording("late");
        Timer early = recording("early");
        scheduler.newTimer(() -> early.setDeadline(150)).setDeadline(100);
        late.setDeadline(200);
        scheduler.advance(300);
        assertThat(fired).containsExactly("early@150", "late@200");
    }

    @Test
    void taskMayCancelAnotherDueTimer() {
        Timer victim = recording("victim");
        scheduler.newTimer(victim::cancel).setDeadline(100);
        victim.setDeadline(100);
        scheduler.advance(100);
        assertThat(fired).isEmpty();
        assertThat(scheduler.pendingTimers()).isZero();
    }

    @Test
    void runUntilIdleRunsEverythingWithinTheLimit() {
        recording("a").setDeadline(1_000);
        recording("b").setDeadline(5_000);
        assertThat(scheduler.runUntilIdle(1_000_000)).isTrue();
        assertThat(fired).containsExactly("a@1000", "b@5000");
        assertThat(scheduler.clock().nanos()).isEqualTo(5_000);
    }

    @Test
    void runUntilIdleStopsAtTheLimit() {
        recording("a").setDeadline(1_000);
        recording("b").setDeadline(5_000);
        assertThat(scheduler.runUntilIdle(2_000)).isFalse();
        assertThat(fired).containsExactly("a@1000");
        assertThat(scheduler.clock().nanos()).isEqualTo(2_000);
        assertThat(scheduler.pendingTimers()).isEqualTo(1);
    }

    @Test
    void runUntilIdleStopsAnEndlessTimerAtTheLimit() {
        Timer[] self = new Timer[1];
        self[0] = scheduler.newTimer(() -> self[0].setDeadline(scheduler.clock().nanos() + 10));
        self[0].setDeadline(10);
        assertThat(scheduler.runUntilIdle(1_000)).isFalse();
        assertThat(scheduler.clock().nanos()).isEqualTo(1_000);
        assertThat(self[0].deadline()).isEqualTo(1_010);
    }

    @Test
    void taskMustNotAdvanceTheClock() {
        scheduler.newTimer(() -> scheduler.advance(1)).setDeadline(5);
        assertThatThrownBy(() -> scheduler.advance(10)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void negativeTimesAreRejected() {
        assertThatThrownBy(() -> scheduler.advance(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.runUntilIdle(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.tcpstack.core.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.core.time.VirtualTimerScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link IdleTimeout} in virtual time: who expires, when, and who activity keeps. */
class IdleTimeoutTest {
    private static final long SECOND = 1_000_000_000L;

    private final VirtualTimerScheduler timers = new VirtualTimerScheduler();
    private final List<String> expired = new ArrayList<>();
    private final IdleTimeout<String> idle = new IdleTimeout<>(timers, Duration.ofSeconds(10), expired::add);

    @Test
    void aConnectionSilentForTheTimeoutExpiresAtItsDeadlineAndNotBefore() {
        idle.active("a");
        timers.advance(10 * SECOND - 1);
        assertThat(expired).isEmpty();
        timers.advance(1);
        assertThat(expired).containsExactly("a");
        assertThat(idle.size()).isZero();
    }

    @Test
    void activityRestartsTheTimeoutAndConnectionsExpireInTheOrderTheyWentQuiet() {
        idle.active("a");
        timers.advance(3 * SECOND);
        idle.active("b");
        timers.advance(5 * SECOND);
        idle.active("a"); // a is now the more recently active of the two
        timers.advance(4 * SECOND);
        assertThat(expired).as("at 12 s: b is due at 13 s, a at 18 s").isEmpty();
        timers.advance(SECOND);
        assertThat(expired).as("b went quiet at 3 s: due at 13 s").containsExactly("b");
        timers.advance(5 * SECOND - 1);
        assertThat(expired).containsExactly("b");
        timers.advance(1);
        assertThat(expired).as("a went quiet at 8 s: due at 18 s").containsExactly("b", "a");
    }

    @Test
    void aRemovedConnectionNeverExpiresAndTheTimerRearmsForNewOnes() {
        idle.active("a");
        idle.remove("a");
        timers.advance(20 * SECOND);
        assertThat(expired).isEmpty();
        idle.active("c");
        timers.advance(10 * SECOND);
        assertThat(expired).containsExactly("c");
    }

    @Test
    void theExpiryActionMayRemoveTheConnectionItEnds() {
        IdleTimeout<String>[] self = new IdleTimeout[1];
        self[0] = new IdleTimeout<>(timers, Duration.ofSeconds(1), c -> {
            self[0].remove(c); // as a handler's onClosed does when the action closes the stream
            expired.add(c);
        });
        self[0].active("a");
        self[0].active("b");
        timers.advance(SECOND);
        assertThat(expired).containsExactly("a", "b");
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatThrownBy(() -> new IdleTimeout<String>(timers, Duration.ZERO, expired::add))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.tcpstack.core.tcp;

import io.tcpstack.core.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RFC 5961 §7's limit on challenge ACKs, one for the whole stack as Linux's
 * {@code tcp_challenge_ack_limit}: about {@code limit} per second. Each second's budget is drawn
 * at random from [limit/2, limit*3/2), as Linux has done since CVE-2016-5696: with a fixed budget
 * an off-path attacker could exhaust it and count the challenge ACKs left in a second to learn
 * whether its spoofed segment hit a connection's window.
 *
 * <p>The second and what is left of its budget are one atomic word, so the event loops of all
 * queues share one limiter without a lock.
 */
final class ChallengeAckLimiter {
    private static final long SECOND = 1_000_000_000L;

    private final Clock clock;
    private final int limit;
    /** The second ({@link Clock#nanos()} / 1 s, low 32 bits) in the high half, the challenge ACKs it still allows in the low half. */
    private final AtomicLong state;

    ChallengeAckLimiter(Clock clock, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("challenge ACK limit must be positive: " + limit);
        }
        this.clock = clock;
        this.limit = limit;
        this.state = new AtomicLong(pack((int) Math.floorDiv(clock.nanos(), SECOND) - 1, 0));
    }

    /** True (and one is spent) if a challenge ACK may go out now; from any thread. */
    boolean tryAcquire() {
        int now = (int) Math.floorDiv(clock.nanos(), SECOND);
        while (true) {
            long s = state.get();
            int remaining = (int) s;
            if ((int) (s >>> 32) != now) {
                remaining = (limit + 1) / 2 + ThreadLocalRandom.current().nextInt(limit);
            }
            if (remaining == 0) {
                return false;
            }
            if (state.compareAndSet(s, pack(now, remaining - 1))) {
                return true;
            }
        }
    }

    private static long pack(int second, int remaining) {
        return (long) second << 32 | remaining & 0xFFFF_FFFFL;
    }
}

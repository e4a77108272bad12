package io.tcpstack.core.tcp;

import io.tcpstack.core.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RFC 5961 §7's limit on challenge ACKs, one for the whole stack as Linux's
 * {@code tcp_challenge_ack_limit}: about {@code limit} per second. Each second's budget is drawn
 * at random from [limit/2, limit*3/2), as Linux has done since CVE-2016-5696: with a fixed budget
 * an off-path attacker could exhaust it and count the challenge ACKs left in a second to learn
 * whether its spoofed segment hit a connection's window. Loop-confined.
 */
final class ChallengeAckLimiter {
    private static final long SECOND = 1_000_000_000L;

    private final Clock clock;
    private final int limit;
    /** The second ({@link Clock#nanos()} / 1 s) {@link #remaining} belongs to. */
    private long second = Long.MIN_VALUE;
    /** Challenge ACKs still allowed in {@link #second}. */
    private int remaining;

    ChallengeAckLimiter(Clock clock, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("challenge ACK limit must be positive: " + limit);
        }
        this.clock = clock;
        this.limit = limit;
    }

    /** True (and one is spent) if a challenge ACK may go out now. */
    boolean tryAcquire() {
        long now = Math.floorDiv(clock.nanos(), SECOND);
        if (now != second) {
            second = now;
            remaining = (limit + 1) / 2 + ThreadLocalRandom.current().nextInt(limit);
        }
        if (remaining == 0) {
            return false;
        }
        remaining--;
        return true;
    }
}

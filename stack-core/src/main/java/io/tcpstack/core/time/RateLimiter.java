package io.tcpstack.core.time;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket: at most {@code burst} messages at once, refilled at {@code messagesPerSecond}.
 * It limits what the stack originates in answer to what arrives, so a flood cannot make it an
 * amplifier: ICMP errors (RFC 1812 §4.3.2.8, RFC 1122 §3.2.2) and the RSTs for segments that
 * match no connection (RFC 9293 §3.10.7.1 lets them be limited).
 *
 * <p>Kept as the bucket's one equivalent number, the generic cell rate algorithm's theoretical
 * arrival time: the instant the bucket would be full again. A message conforms while that instant
 * is at most {@code burst - 1} tokens ahead of now, and moves it one token on. One atomic field,
 * so the event loops of all queues can share one limiter without a lock.
 */
public final class RateLimiter {
    private final Clock clock;
    /** Nanoseconds one message costs: 1e9 / messages per second. */
    private final long nanosPerToken;
    /** How far {@link #fullAt} may run ahead of now and a message still pass: (burst - 1) tokens. */
    private final long tolerance;
    /** The instant the bucket is full again; at or before now it is full. */
    private final AtomicLong fullAt;

    public RateLimiter(Clock clock, int messagesPerSecond, int burst) {
        if (messagesPerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate limit and burst must be positive");
        }
        this.clock = clock;
        this.nanosPerToken = 1_000_000_000L / messagesPerSecond;
        this.tolerance = nanosPerToken * (burst - 1);
        this.fullAt = new AtomicLong(clock.nanos());
    }

    /** True (and one token is spent) if a message may be sent now; from any thread. */
    public boolean tryAcquire() {
        long now = clock.nanos();
        while (true) {
            long full = fullAt.get();
            if (full - now > tolerance) {
                return false;
            }
            if (fullAt.compareAndSet(full, (full - now < 0 ? now : full) + nanosPerToken)) {
                return true;
            }
        }
    }
}

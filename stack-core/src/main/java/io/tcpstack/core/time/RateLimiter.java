package io.tcpstack.core.time;

/**
 * A token bucket: at most {@code burst} messages at once, refilled at {@code messagesPerSecond}.
 * It limits what the stack originates in answer to what arrives, so a flood cannot make it an
 * amplifier: ICMP errors (RFC 1812 §4.3.2.8, RFC 1122 §3.2.2) and the RSTs for segments that
 * match no connection (RFC 9293 §3.10.7.1 lets them be limited). Loop-confined.
 */
public final class RateLimiter {
    private final Clock clock;
    /** Nanoseconds of credit one message costs: 1e9 / messages per second. */
    private final long nanosPerToken;
    /** Upper bound of {@link #credit}: the burst size times {@link #nanosPerToken}. */
    private final long maxCredit;
    /** Credit in nanoseconds, 0..{@link #maxCredit}, as of {@link #lastRefill}. */
    private long credit;
    /** Clock reading when {@link #credit} was last brought up to date. */
    private long lastRefill;

    public RateLimiter(Clock clock, int messagesPerSecond, int burst) {
        if (messagesPerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate limit and burst must be positive");
        }
        this.clock = clock;
        this.nanosPerToken = 1_000_000_000L / messagesPerSecond;
        this.maxCredit = nanosPerToken * burst;
        this.credit = maxCredit;
        this.lastRefill = clock.nanos();
    }

    /** True (and one token is spent) if a message may be sent now. */
    public boolean tryAcquire() {
        long now = clock.nanos();
        credit = Math.min(maxCredit, credit + Math.max(0, now - lastRefill));
        lastRefill = now;
        if (credit < nanosPerToken) {
            return false;
        }
        credit -= nanosPerToken;
        return true;
    }
}

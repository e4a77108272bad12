package io.tcpstack.core.icmp;

import io.tcpstack.core.time.Clock;

/**
 * Token bucket limiting the ICMP error messages the stack originates (RFC 1812 §4.3.2.8,
 * RFC 1122 §3.2.2: a host should limit the rate of ICMP errors it sends). Loop-confined.
 */
final class IcmpRateLimiter {
    private final Clock clock;
    /** Nanoseconds of credit one message costs: 1e9 / messages per second. */
    private final long nanosPerToken;
    /** Upper bound of {@link #credit}: the burst size times {@link #nanosPerToken}. */
    private final long maxCredit;
    /** Credit in nanoseconds, 0..{@link #maxCredit}, as of {@link #lastRefill}. */
    private long credit;
    /** Clock reading when {@link #credit} was last brought up to date. */
    private long lastRefill;

    IcmpRateLimiter(Clock clock, int messagesPerSecond, int burst) {
        if (messagesPerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("ICMP rate limit and burst must be positive");
        }
        this.clock = clock;
        this.nanosPerToken = 1_000_000_000L / messagesPerSecond;
        this.maxCredit = nanosPerToken * burst;
        this.credit = maxCredit;
        this.lastRefill = clock.nanos();
    }

    /** True (and one token is spent) if a message may be sent now. */
    boolean tryAcquire() {
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

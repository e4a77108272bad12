package io.tcpstack.core.tcp;

import io.tcpstack.core.time.Clock;
import io.tcpstack.core.time.RateLimiter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The limits of {@link TcpConfig} that hold for a whole stack, shared by the {@link TcpLayer}s of
 * all its queues (one per event loop): connections at once ({@link TcpConfig#maxConnections}),
 * the bytes of all buffers ({@link TcpConfig#memoryLimit}), challenge ACKs per second
 * ({@link TcpConfig#challengeAckLimit}) and RSTs for segments that match no connection
 * ({@link TcpConfig#resetLimit}). Every part is lock-free, so the loops never wait for each other.
 *
 * <p>A layer made without one gets its own: one queue, exact limits.
 */
public final class SharedLimits {
    private final int maxConnections;
    private final AtomicInteger connections = new AtomicInteger();
    final MemoryPool memory;
    final ChallengeAckLimiter challengeAcks;
    final RateLimiter resets;

    /**
     * @param clock  the clock of every layer that shares the limits (their rates are per second of it)
     * @param queues the layers that share them
     */
    public SharedLimits(TcpConfig config, Clock clock, int queues) {
        if (queues < 1) {
            throw new IllegalArgumentException("queues must be positive: " + queues);
        }
        this.maxConnections = config.maxConnections();
        this.memory = new MemoryPool(config.memoryLimit(), queues);
        this.challengeAcks = new ChallengeAckLimiter(clock, config.challengeAckLimit());
        this.resets = new RateLimiter(clock, config.resetLimit(), config.resetLimit());
    }

    /**
     * Whether another connection may open: fewer than {@link TcpConfig#maxConnections} exist on all
     * queues. Two loops admitting at the same instant may each see the last free one, so the limit
     * can be passed by one per other queue, as an admission is a check and the open comes after it.
     */
    boolean connectionRoom() {
        return connections.get() < maxConnections;
    }

    void connectionOpened() {
        connections.incrementAndGet();
    }

    void connectionRemoved() {
        connections.decrementAndGet();
    }

    /** Connections (of any state but LISTEN) on all queues. */
    public int connections() {
        return connections.get();
    }
}

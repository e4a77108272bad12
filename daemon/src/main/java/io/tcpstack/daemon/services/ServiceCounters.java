package io.tcpstack.daemon.services;

import java.util.concurrent.atomic.LongAdder;

/** What a service's limits did to its connections: refused at its cap, or closed for being idle. Thread-safe. */
public final class ServiceCounters {
    private final LongAdder refused = new LongAdder();
    private final LongAdder idleClosed = new LongAdder();

    void countRefused() {
        refused.increment();
    }

    void countIdleClosed() {
        idleClosed.increment();
    }

    /** Connections refused because the service already served its {@link ServiceLimits#maxConnections()}. */
    public long refused() {
        return refused.sum();
    }

    /** Connections closed because they made no progress for the service's idle timeout. */
    public long idleClosed() {
        return idleClosed.sum();
    }

    /** For the status line: empty while both are zero, else e.g. " (refused at the cap: 2, closed idle: 1)". */
    String summary() {
        long r = refused();
        long i = idleClosed();
        return r == 0 && i == 0 ? "" : " (refused at the cap: " + r + ", closed idle: " + i + ")";
    }
}

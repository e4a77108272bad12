package io.tcpstack.daemon.services;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One service's connections over every queue it runs on: how many it serves now, against its cap
 * ({@link ServiceLimits#maxConnections()}), and what its limits did: refused at the cap, or closed
 * for being idle. The service's instance on each queue's stack shares one of these, so the cap
 * holds for the service, not per queue. Thread-safe, lock-free.
 */
public final class ServiceCounters {
    private final AtomicInteger served = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private final LongAdder idleClosed = new LongAdder();

    /** Takes one of the {@code cap} connections the service may serve; false (and counted refused) when all are taken. */
    boolean admit(int cap) {
        while (true) {
            int now = served.get();
            if (now >= cap) {
                refused.increment();
                return false;
            }
            if (served.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** An admitted connection ended. */
    void left() {
        served.decrementAndGet();
    }

    void countIdleClosed() {
        idleClosed.increment();
    }

    /** Connections admitted and not yet ended, on every queue. */
    public int served() {
        return served.get();
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

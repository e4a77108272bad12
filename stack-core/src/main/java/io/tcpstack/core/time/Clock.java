package io.tcpstack.core.time;

/**
 * The stack's only source of time. Production uses {@link #SYSTEM}; tests use a virtual clock
 * so that RTO backoff, TIME_WAIT and keepalive run in milliseconds of real time.
 */
@FunctionalInterface
public interface Clock {
    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanos();

    Clock SYSTEM = System::nanoTime;
}

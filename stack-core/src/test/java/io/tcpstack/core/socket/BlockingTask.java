package io.tcpstack.core.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A call running on its own virtual thread, so a test can watch it block and be woken. */
record BlockingTask<T>(Thread thread, CompletableFuture<T> result) {
    /**
     * Bound on event-driven waits: reaching it means a lost wake-up or a stall. Generous, because
     * the machine is shared and Netty's leak detection may be at its slowest (PARANOID).
     */
    static final Duration BOUND = Duration.ofSeconds(120);

    static <T> BlockingTask<T> start(Callable<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return new BlockingTask<>(thread, result);
    }

    /** Waits until the thread is parked (blocked in the call under test). */
    BlockingTask<T> awaitBlocked() {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            if (result.isDone()) {
                fail("call ended instead of blocking: " + result);
            }
            if (System.nanoTime() > deadline) {
                fail("call never blocked");
            }
            Thread.yield();
        }
        return this;
    }

    T get() throws Exception {
        return result.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    /** Asserts the call failed with exactly {@code type} and {@code message}, and returns the exception. */
    <X extends Throwable> X assertFails(Class<X> type, String message) throws Exception {
        try {
            T value = get();
            return fail("expected " + type.getSimpleName() + " but returned " + value);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isExactlyInstanceOf(type).hasMessage(message);
            return type.cast(e.getCause());
        }
    }
}

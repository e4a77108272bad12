package io.tcpstack.core.socket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs calls on the stack's event loop for application threads: every {@code TcpService} and
 * {@code TcpEndpoint} call goes through here. The loop only ever runs short, non-blocking tasks;
 * the application thread waits for a {@link #call} result by parking (cheap on a virtual thread).
 * Also used by whoever else reads loop-confined state from another thread (the connection table).
 */
public final class LoopBridge {
    /** The single-threaded executor that owns the TCP engine's state. */
    private final Executor loop;

    /**
     * The loop's thread, recorded by the first task that runs there (null before); used only to
     * reject a blocking call made on the loop itself, which would deadlock it.
     */
    private volatile Thread loopThread;

    public LoopBridge(Executor loop) {
        this.loop = loop;
    }

    /**
     * Runs {@code task} on the loop and waits for its result. The wait is not interruptible: a loop
     * task is short, and the caller's buffers may be in use until it ends. An
     * {@link UncheckedIOException} thrown on the loop is rethrown as its {@link IOException}.
     */
    public <T> T call(Supplier<T> task) throws IOException {
        if (Thread.currentThread() == loopThread) {
            throw new IllegalStateException("blocking socket call made on the TCP stack's event loop thread");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.join();
        } catch (CompletionException e) {
            throw rethrowable(e.getCause());
        }
    }

    /** {@link #call} for a task without a result. */
    void run(Runnable task) throws IOException {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** Queues {@code task} on the loop without waiting for it. */
    void execute(Runnable task) throws SocketException {
        try {
            loop.execute(() -> {
                if (loopThread == null) {
                    loopThread = Thread.currentThread();
                }
                task.run();
            });
        } catch (RejectedExecutionException e) {
            throw new SocketException("TCP stack is stopped");
        }
    }

    /**
     * On the loop: queues {@code task} to run after the current one (and after the read batch
     * being processed).
     *
     * @return false if the loop is shutting down and refused it
     */
    boolean executeOnLoop(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static IOException rethrowable(Throwable cause) {
        if (cause instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(cause);
    }
}

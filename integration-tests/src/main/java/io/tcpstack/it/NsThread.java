package io.tcpstack.it;

import com.sun.jna.LastErrorException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One dedicated platform thread that has joined a network namespace with {@code setns(2)}, so code
 * of the test JVM can run inside it: sockets and TUN devices created by tasks on this thread belong
 * to the namespace, and threads it starts inherit the namespace. Other threads of the JVM stay where
 * they were.
 */
public final class NsThread implements AutoCloseable {

    /** Bound on joining the namespace and on shutting the thread down. */
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(10);

    /** Runs every task on the one thread that joined {@link #namespace}. */
    private final ExecutorService executor;
    /** The namespace the thread joined before its first task. */
    private final NetNs namespace;

    private NsThread(ExecutorService executor, NetNs namespace) {
        this.executor = executor;
        this.namespace = namespace;
    }

    static NsThread start(NetNs namespace) {
        ExecutorService executor = Executors.newSingleThreadExecutor(
                task -> Thread.ofPlatform().name("in-" + namespace.name()).daemon().unstarted(task));
        NsThread thread = new NsThread(executor, namespace);
        try {
            thread.call(CONTROL_TIMEOUT, () -> {
                join(namespace);
                return null;
            });
        } catch (RuntimeException | Error e) {
            thread.close();
            throw e;
        }
        return thread;
    }

    private static void join(NetNs namespace) {
        int fd;
        try {
            fd = LibC.INSTANCE.open(namespace.path().toString(), LibC.O_RDONLY_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot open " + namespace.path() + ": errno " + e.getErrorCode(), e);
        }
        try {
            LibC.INSTANCE.setns(fd, LibC.CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new IllegalStateException("setns(" + namespace.path() + ") failed: errno " + e.getErrorCode(), e);
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    public NetNs namespace() {
        return namespace;
    }

    /**
     * Runs {@code task} on the namespace thread and waits for its result.
     *
     * @throws IllegalStateException wrapping what the task threw, or when it did not finish in
     *                               {@code timeout} (it is then interrupted)
     */
    public <T> T call(Duration timeout, Callable<T> task) {
        Future<T> result = executor.submit(task);
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("task in " + namespace + " failed", e.getCause());
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new IllegalStateException("task in " + namespace + " did not finish within " + timeout, e);
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a task in " + namespace, e);
        }
    }

    /** Starts {@code task} on the namespace thread without waiting; the thread runs one task at a time. */
    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    /** Interrupts a running task and ends the thread. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the thread in " + namespace + " did not end within " + CONTROL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

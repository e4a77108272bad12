package io.tcpstack.it;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Signals and reaps processes by PID. */
final class Processes {

    /** Standard input for every started command: tests never type into them. */
    static final Redirect NO_INPUT = Redirect.from(new File("/dev/null"));

    /** How long a process gets between SIGTERM and SIGKILL during cleanup. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private Processes() {
    }

    /** SIGKILLs {@code process} and all its descendants, and waits for each to be gone. */
    static void killTree(ProcessHandle process) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitExit(process, GRACE);
        tree.forEach(p -> awaitExit(p, GRACE));
    }

    /**
     * SIGTERMs {@code process}; after {@link #GRACE} without exit, SIGKILLs it and its descendants.
     *
     * @return whether it exited on SIGTERM alone
     */
    static boolean terminate(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        if (awaitExit(process, GRACE)) {
            return true;
        }
        killTree(process);
        return false;
    }

    /** @return whether {@code process} exited within {@code timeout} */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        CompletableFuture<ProcessHandle> exit = process.onExit();
        try {
            exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}

package io.tcpstack.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with a time bound and captures its output. */
public final class Commands {

    /** Bound for commands whose caller gives none: generous, since the machine is shared. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Commands() {
    }

    /** Runs {@code command} with {@link #DEFAULT_TIMEOUT}. */
    public static CommandResult run(List<String> command) {
        return run(DEFAULT_TIMEOUT, command);
    }

    /**
     * Runs {@code command}, reading standard output and standard error concurrently.
     *
     * @throws CommandTimeoutException when it has not exited within {@code timeout}; it and its
     *                                 descendants are then killed by PID
     */
    public static CommandResult run(Duration timeout, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(Processes.NO_INPUT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Processes.killTree(process.toHandle());
                throw new CommandTimeoutException(command, timeout, join(stdout), join(stderr));
            }
            return new CommandResult(command, process.exitValue(), join(stdout), join(stderr));
        } catch (InterruptedException e) {
            Processes.killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static String join(CompletableFuture<String> output) throws InterruptedException {
        try {
            return output.get();
        } catch (ExecutionException e) {
            return "<output unreadable: " + e.getCause() + ">";
        }
    }
}

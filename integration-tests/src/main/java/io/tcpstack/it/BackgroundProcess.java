package io.tcpstack.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A long-running process (standard output and error merged) whose output goes to a log file and
 * can be waited on. Started through {@link NetNs#spawn}, which also kills it when the namespace closes.
 */
public final class BackgroundProcess implements AutoCloseable {

    /** How long the output copier gets after exit to read the last lines. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);

    /** The running process; its PID is what every signal targets. */
    private final Process process;
    /** Its command line, for messages. */
    private final List<String> command;
    /** Its merged output. */
    private final OutputLog output;

    private BackgroundProcess(Process process, List<String> command, OutputLog output) {
        this.process = process;
        this.command = List.copyOf(command);
        this.output = output;
    }

    static BackgroundProcess start(List<String> command, Path logFile) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(Processes.NO_INPUT)
                    .redirectErrorStream(true)
                    .start();
            String threadName = "output-" + process.pid();
            return new BackgroundProcess(process, command, OutputLog.follow(process.getInputStream(), logFile, threadName));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the file its output is copied to */
    public Path logFile() {
        return output.file();
    }

    /** @return every output line so far */
    public List<String> lines() {
        return output.lines();
    }

    /**
     * Waits, woken by each output line, until a line matches {@code pattern}.
     *
     * @return the matching line
     * @throws AssertionError when the process ends its output (exits) or {@code timeout} passes
     *                        first; the message carries the log's last lines
     */
    public String awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        Optional<String> line = output.awaitLine(pattern, timeout);
        if (line.isPresent()) {
            return line.get();
        }
        String status = process.waitFor(OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS)
                ? "it exited with code " + process.exitValue() : "it still runs";
        throw new AssertionError("no output line matching /" + pattern + "/ within " + timeout + " ("
                + status + ") from " + String.join(" ", command)
                + "\n  log: " + logFile() + "\n  last lines:\n" + output.tail(30));
    }

    /**
     * Sends SIGTERM and waits for exit; if it has not exited within the grace period, SIGKILLs it
     * and fails.
     *
     * @return the exit code
     */
    public int terminate() throws InterruptedException {
        if (!Processes.terminate(process.toHandle())) {
            throw new AssertionError("process " + pid() + " ignored SIGTERM for " + Processes.GRACE
                    + " and was killed: " + String.join(" ", command));
        }
        int exitCode = process.waitFor();
        output.awaitEnd(OUTPUT_DRAIN);
        return exitCode;
    }

    /** Waits for exit (without signalling) for at most {@code timeout}; returns the exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!Processes.awaitExit(process.toHandle(), timeout)) {
            throw new AssertionError("process " + pid() + " still running after " + timeout + ": "
                    + String.join(" ", command));
        }
        output.awaitEnd(OUTPUT_DRAIN);
        return process.exitValue();
    }

    /** Stops it if it still runs: SIGTERM, then SIGKILL of it and its descendants after the grace period. */
    @Override
    public void close() {
        Processes.terminate(process.toHandle());
    }
}

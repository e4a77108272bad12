package io.tcpstack.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Copies a process's output line by line to a log file and lets callers wait for a line, woken by
 * each new line (no polling).
 */
final class OutputLog {

    /** The file every line is appended to, flushed per line so it is complete when a test fails. */
    private final Path file;
    /** Every line read so far, in order; guarded by {@code this}. */
    private final List<String> lines = new ArrayList<>();
    /** Set once the output reached end of file (the process closed it, normally by exiting); guarded by {@code this}. */
    private boolean ended;

    private OutputLog(Path file) {
        this.file = file;
    }

    /** Starts copying {@code output} to {@code file} on a thread of its own. */
    static OutputLog follow(InputStream output, Path file, String threadName) {
        OutputLog log = new OutputLog(file);
        Thread.ofPlatform().daemon().name(threadName).start(() -> log.copy(output));
        return log;
    }

    Path file() {
        return file;
    }

    private void copy(InputStream output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
             Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                writer.write(line);
                writer.write('\n');
                writer.flush();
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying output to " + file, e);
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    /**
     * Waits until a line matching {@code pattern} (anywhere in the line) has been read.
     *
     * @return the first matching line, or empty when the output ended or {@code timeout} passed first
     */
    synchronized Optional<String> awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int scanned = 0;
        while (true) {
            for (; scanned < lines.size(); scanned++) {
                if (pattern.matcher(lines.get(scanned)).find()) {
                    return Optional.of(lines.get(scanned));
                }
            }
            long remaining = deadline - System.nanoTime();
            if (ended || remaining <= 0) {
                return Optional.empty();
            }
            Duration wait = Duration.ofNanos(remaining);
            wait(Math.max(1, wait.toMillis()));
        }
    }

    /** Waits until the output has ended, for at most {@code timeout}. */
    synchronized void awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long remaining;
        while (!ended && (remaining = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, Duration.ofNanos(remaining).toMillis()));
        }
    }

    /** @return a copy of every line read so far */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** @return the last {@code count} lines read so far, joined with newlines */
    synchronized String tail(int count) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
}

package io.tcpstack.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directory that keeps one test's logs and captures:
 * {@code integration-tests/target/it-artifacts/<TestClass>/<test>/} (the root comes from the system
 * property {@code it.artifacts}). Emptied when the test starts, kept afterwards.
 */
public final class TestArtifacts {

    /** Where every test's directory lives. */
    private static final Path ROOT = Path.of(System.getProperty("it.artifacts", "target/it-artifacts")).toAbsolutePath();

    /** This test's directory; exists from construction on. */
    private final Path directory;
    /** Files handed out by {@link #file}, in order; guarded by {@code this}. */
    private final List<Path> files = new ArrayList<>();

    private TestArtifacts(Path directory) {
        this.directory = directory;
    }

    /** Creates (emptying any previous run's) the directory for test {@code testName} of {@code testClass}. */
    public static TestArtifacts create(String testClass, String testName) {
        Path directory = ROOT.resolve(sanitize(testClass)).resolve(sanitize(testName));
        try {
            if (Files.exists(directory)) {
                try (Stream<Path> old = Files.walk(directory)) {
                    for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + directory, e);
        }
        return new TestArtifacts(directory);
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    public Path directory() {
        return directory;
    }

    /**
     * @return a path for artifact {@code name} in this test's directory, remembered for the failure
     *         report; a name handed out before gets a counter before its extension
     *         ({@code daemon.log}, {@code daemon-2.log}, ...)
     */
    public synchronized Path file(String name) {
        int dot = name.lastIndexOf('.');
        String stem = dot < 0 ? name : name.substring(0, dot);
        String extension = dot < 0 ? "" : name.substring(dot);
        Path file = directory.resolve(name);
        for (int n = 2; files.contains(file); n++) {
            file = directory.resolve(stem + "-" + n + extension);
        }
        files.add(file);
        return file;
    }

    /** @return what to print when the test fails: where each artifact is, and the end of each log */
    public synchronized String report() {
        StringBuilder report = new StringBuilder("artifacts of the failed test: ").append(directory);
        for (Path file : files) {
            report.append("\n  ").append(file).append(Files.exists(file) ? "" : " (not written)");
            if (file.toString().endsWith(".log") && Files.exists(file)) {
                report.append("\n  last lines of ").append(file.getFileName()).append(":\n").append(tail(file, 25));
            }
        }
        return report.toString();
    }

    private static String tail(Path file, int count) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()))
                    .lines().map(line -> "    | " + line).reduce((a, b) -> a + "\n" + b).orElse("    (empty)");
        } catch (IOException e) {
            return "    (unreadable: " + e.getMessage() + ")";
        }
    }
}

package io.tcpstack.it.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The daemon image, built once per test run by {@code docker/build-image.sh} from the jar this
 * build produced (system property {@code tcpstack.jar}), so the containers always run the code
 * under test. The local base images make the build work without a registry; their layers are
 * cached, so a build after the first takes seconds.
 */
final class DaemonImage {

    /** The tag the image is built under; the compose demo runs the same tag. */
    static final String NAME = "tcpstack:dev";

    /** Upper bound for a build from scratch (base images, jlink, Debian packages). */
    private static final long BUILD_TIMEOUT_MINUTES = 10;

    /** The image name once built; the holder class makes the build happen on first use only. */
    private static final class Built {
        static final String IMAGE = build();
    }

    private DaemonImage() {
    }

    /** @return the name of the daemon image, built from the current jar on first call */
    static String name() {
        return Built.IMAGE;
    }

    private static String build() {
        Path jar = Path.of(System.getProperty("tcpstack.jar", "../daemon/target/tcpstack.jar")).toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the daemon jar " + jar + " is missing: build it with"
                    + " ./mvnw -pl daemon -am package -DskipTests");
        }
        Path script = jar.getParent().getParent().getParent().resolve("docker/build-image.sh");
        try {
            Path log = Files.createTempFile("tcpstack-image-build", ".log");
            ProcessBuilder builder = new ProcessBuilder(script.toString(), NAME)
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("TCPSTACK_JAR", jar.toString());
            Process process = builder.start();
            process.getOutputStream().close();
            boolean exited = process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!exited) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            if (!exited || process.exitValue() != 0) {
                throw new AssertionError(script + (exited ? " failed:\n" : " did not finish:\n") + output);
            }
            return NAME;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while building " + NAME, e);
        }
    }
}

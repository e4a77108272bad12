package io.tcpstack.it.dist;

import io.tcpstack.it.Commands;
import io.tcpstack.it.DaemonProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The release tarball the dist module built (system property {@code tcpstack.dist}), unpacked
 * once per test run into {@code target/dist-unpacked}, as an operator unpacks it.
 */
final class Distribution {
    /** The unpacked top directory, {@code tcpstack-VERSION}; null until {@link #home()} unpacked it. */
    private static Path home;

    private Distribution() {
    }

    /** @return the unpacked distribution's top directory (holding bin/, lib/, runtime/, share/) */
    static synchronized Path home() throws Exception {
        if (home != null) {
            return home;
        }
        Path tarball = DaemonProcess.buildOutput("tcpstack.dist", "dist");
        Path target = Path.of("target", "dist-unpacked").toAbsolutePath();
        Commands.run(List.of("rm", "-rf", target.toString())).requireSuccess();
        Files.createDirectories(target);
        Commands.run(List.of("tar", "-xzf", tarball.toString(), "-C", target.toString())).requireSuccess();
        try (var entries = Files.list(target)) {
            home = entries.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IllegalStateException(tarball + " holds no top directory"));
        }
        return home;
    }

    /** @return {@code bin/tcpstack}, the launcher */
    static Path launcher() throws Exception {
        return home().resolve("bin/tcpstack");
    }
}

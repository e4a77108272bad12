package io.tcpstack.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this process can run namespace tests: Linux, root (or CAP_NET_ADMIN with CAP_SYS_ADMIN),
 * {@code /dev/net/tun}, and a namespace that can actually be created and deleted. Probed once.
 */
final class NamespaceSupport {

    /** Bit of CAP_NET_ADMIN in /proc/self/status CapEff: interfaces, addresses, TUN. */
    private static final int CAP_NET_ADMIN = 12;
    /** Bit of CAP_SYS_ADMIN: {@code ip netns add} mounts, {@code setns(2)}. */
    private static final int CAP_SYS_ADMIN = 21;

    /** Empty when namespace tests can run, else why not; computed on first use. */
    private static final class Probe {
        static final Optional<String> UNAVAILABLE = probe();
    }

    private NamespaceSupport() {
    }

    /** @return empty when namespace tests can run here, otherwise the reason they cannot */
    static Optional<String> unavailableReason() {
        return Probe.UNAVAILABLE;
    }

    private static Optional<String> probe() {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            return Optional.of("network namespaces need Linux, this is " + System.getProperty("os.name"));
        }
        if (LibC.INSTANCE.geteuid() != 0 && !hasCapabilities()) {
            return Optional.of("not root and without CAP_NET_ADMIN + CAP_SYS_ADMIN (run as root, e.g. with sudo)");
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            return Optional.of("/dev/net/tun does not exist (TUN support missing)");
        }
        try (NetNs probe = NetNs.create()) {
            return Optional.empty();
        } catch (RuntimeException | AssertionError e) {
            return Optional.of("cannot create a network namespace: "
                    + String.join(" / ", e.getMessage().lines().map(String::strip).toList()));
        }
    }

    private static boolean hasCapabilities() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("CapEff:"))
                    .map(line -> Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16))
                    .anyMatch(caps -> (caps >> CAP_NET_ADMIN & 1) == 1 && (caps >> CAP_SYS_ADMIN & 1) == 1);
        } catch (IOException e) {
            return false;
        }
    }
}

package io.tcpstack.daemon.control;

import java.nio.file.Path;

/** Where a daemon's control socket is by default: {@code /run/tcpstack/NAME.sock}, NAME the TUN interface. */
public final class ControlPaths {
    /** The directory of the default sockets; made root/owner only (0700) by the daemon. */
    public static final Path DIRECTORY = Path.of("/run/tcpstack");

    private ControlPaths() {
    }

    /** The default socket of the daemon on interface {@code tun}. */
    public static Path forInterface(String tun) {
        return DIRECTORY.resolve(tun + ".sock");
    }
}

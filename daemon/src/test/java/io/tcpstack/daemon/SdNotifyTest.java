package io.tcpstack.daemon;

import io.tcpstack.daemon.SdNotify.UnixLibC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The readiness datagram arrives on a socket bound the way systemd binds NOTIFY_SOCKET. */
class SdNotifyTest {
    private static final int MSG_DONTWAIT = 0x40;

    @Test
    void sendsReadyToAPathSocket(@TempDir Path dir) {
        String socket = dir.resolve("notify").toString();
        assertThat(receiveAfter(socket, () -> assertThat(SdNotify.notify(socket, "READY=1")).isTrue()))
                .isEqualTo("READY=1");
    }

    @Test
    void sendsReadyToAnAbstractSocket() {
        String socket = "@tcpstack-test-" + ProcessHandle.current().pid();
        assertThat(receiveAfter(socket, () -> assertThat(SdNotify.notify(socket, "READY=1")).isTrue()))
                .isEqualTo("READY=1");
    }

    @Test
    void withoutNotifySocketNothingIsSent() {
        assertThat(SdNotify.notify(null, "READY=1")).isFalse();
        assertThat(SdNotify.notify("", "READY=1")).isFalse();
    }

    @Test
    void aNameTooLongForSockaddrUnIsRefused() {
        assertThatThrownBy(() -> SdNotify.sockaddr("/" + "x".repeat(SdNotify.SUN_PATH_LENGTH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("108");
    }

    /** Binds a datagram socket at {@code name}, runs {@code send}, and returns the datagram it got. */
    private static String receiveAfter(String name, Runnable send) {
        int fd = UnixLibC.INSTANCE.socket(UnixLibC.AF_UNIX, UnixLibC.SOCK_DGRAM | UnixLibC.SOCK_CLOEXEC, 0);
        try {
            byte[] address = SdNotify.sockaddr(name);
            UnixLibC.INSTANCE.bind(fd, address, address.length);
            send.run();
            byte[] buffer = new byte[256];
            int length = (int) UnixLibC.INSTANCE.recv(fd, buffer, buffer.length, MSG_DONTWAIT); // queued already
            return new String(Arrays.copyOf(buffer, length), StandardCharsets.UTF_8);
        } finally {
            UnixLibC.INSTANCE.close(fd);
        }
    }
}

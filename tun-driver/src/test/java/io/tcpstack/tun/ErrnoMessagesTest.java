package io.tcpstack.tun;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrnoMessagesTest {
    @Test
    void describeUsesTheCLibraryTextAndTheName() {
        assertThat(Errno.describe(Errno.EPERM)).isEqualTo("Operation not permitted (EPERM)");
        assertThat(Errno.describe(Errno.ENOENT)).isEqualTo("No such file or directory (ENOENT)");
        assertThat(Errno.name(4095)).isEqualTo("errno 4095");
    }

    @Test
    void messageIsActionErrnoTextAndHintOnOneLine() {
        TunException e = TunException.of("cannot create TUN interface tcps0", Errno.EPERM,
                TunDevice.setIffHint(Errno.EPERM, false, false), null);
        assertThat(e).hasMessage("cannot create TUN interface tcps0: Operation not permitted (EPERM);"
                + " run as root or with CAP_NET_ADMIN");
        assertThat(e.errno()).isEqualTo(Errno.EPERM);
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void messageWithoutHintEndsWithTheErrnoText() {
        assertThat(TunException.of("cannot do it", Errno.EIO, null, null))
                .hasMessage("cannot do it: Input/output error (EIO)");
    }

    @Test
    void missingCloneDeviceExplainsTheDriver() {
        assertThat(TunDevice.openHint(Errno.ENOENT)).contains("modprobe tun").contains("--device /dev/net/tun");
        assertThat(TunDevice.openHint(Errno.EACCES)).contains("CAP_NET_ADMIN");
    }

    @Test
    void setIffHintsDependOnWhetherTheInterfaceExisted() {
        assertThat(TunDevice.setIffHint(Errno.EBUSY, true, false)).contains("another process holds the interface");
        assertThat(TunDevice.setIffHint(Errno.EINVAL, true, false)).contains("not a single-queue TUN device");
        assertThat(TunDevice.setIffHint(Errno.EINVAL, true, true)).contains("not a multi-queue TUN device");
        assertThat(TunDevice.setIffHint(Errno.EINVAL, false, false)).isNull();
        assertThat(TunDevice.setIffHint(Errno.EPERM, true, false)).contains("owner");
    }

    @Test
    void configurationHints() {
        assertThat(InterfaceConfigurator.hint(Errno.EEXIST)).contains("already in use");
        assertThat(InterfaceConfigurator.hint(Errno.EADDRINUSE)).contains("already in use");
        assertThat(InterfaceConfigurator.hint(Errno.EPERM)).contains("CAP_NET_ADMIN");
        assertThat(InterfaceConfigurator.hint(Errno.EAGAIN)).isNull();
    }
}

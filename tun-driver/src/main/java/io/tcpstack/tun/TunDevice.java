package io.tcpstack.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One queue of a Linux TUN interface ({@code IFF_TUN | IFF_NO_PI}: every read and write is one
 * bare IPv4/IPv6 packet). {@link #open(String)} creates the interface or attaches to an existing
 * persistent one; closing the last descriptor of a non-persistent interface removes it.
 */
public final class TunDevice implements PacketDevice {
    static final String CLONE_DEVICE = "/dev/net/tun";
    /** {@code _IOW('T', 202, int)}, linux/if_tun.h. */
    static final long TUNSETIFF = 0x400454caL;
    static final int IFF_TUN = 0x0001;
    static final int IFF_NO_PI = 0x1000;

    /** Interface name, as the kernel reports it. */
    private final String name;
    /** The queue's descriptor, opened {@code O_RDWR | O_NONBLOCK | O_CLOEXEC}; closed once by {@link #close()}. */
    private final int fd;
    /** True when this process created the interface, false when it attached to an existing one. */
    private final boolean created;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TunDevice(String name, int fd, boolean created) {
        this.name = name;
        this.fd = fd;
        this.created = created;
    }

    /**
     * Attaches to the TUN interface {@code name}, creating it when it does not exist.
     *
     * @throws TunException with a one-line reason (invalid name, no {@code /dev/net/tun}, missing
     *                      {@code CAP_NET_ADMIN}, interface busy or not a TUN device, ...)
     */
    public static TunDevice open(String name) throws TunException {
        InterfaceName.validate(name);
        boolean exists = exists(name);
        int fd;
        try {
            fd = LibC.INSTANCE.open(CLONE_DEVICE, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw TunException.of("cannot open " + CLONE_DEVICE, e.getErrorCode(), openHint(e.getErrorCode()), e);
        }
        IfReq ifr = new IfReq(name).flags(IFF_TUN | IFF_NO_PI);
        try {
            LibC.INSTANCE.ioctl(fd, new NativeLong(TUNSETIFF), ifr.bytes());
        } catch (LastErrorException e) {
            LibC.INSTANCE.close(fd);
            String action = (exists ? "cannot attach to interface " : "cannot create TUN interface ") + name;
            throw TunException.of(action, e.getErrorCode(), setIffHint(e.getErrorCode(), exists), e);
        }
        return new TunDevice(ifr.name(), fd, !exists);
    }

    /** Whether an interface of that name exists in this network namespace. */
    public static boolean exists(String name) {
        return LibC.INSTANCE.if_nametoindex(name) != 0;
    }

    static String openHint(int errno) {
        return switch (errno) {
            case Errno.ENOENT -> "the tun driver is missing: load it (modprobe tun) or, in a container,"
                    + " pass --device /dev/net/tun";
            case Errno.ENODEV, Errno.ENXIO -> "the tun driver is not loaded: modprobe tun";
            case Errno.EPERM, Errno.EACCES -> "run as root or with CAP_NET_ADMIN";
            default -> null;
        };
    }

    static String setIffHint(int errno, boolean exists) {
        return switch (errno) {
            case Errno.EPERM, Errno.EACCES -> exists
                    ? "run as root or with CAP_NET_ADMIN, or as the owner set with 'ip tuntap add ... user'"
                    : "run as root or with CAP_NET_ADMIN";
            case Errno.EBUSY -> "another process holds the interface; stop it or choose another --tun name";
            case Errno.EINVAL -> exists
                    ? "the interface exists but is not a single-queue TUN device (tap or other type);"
                    + " choose another --tun name"
                    : null;
            default -> null;
        };
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public String name() {
        return name;
    }

    /** True when {@link #open(String)} created the interface (it goes away on {@link #close()}). */
    public boolean created() {
        return created;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                LibC.INSTANCE.close(fd);
            } catch (LastErrorException ignored) {
                // close(2) releases the descriptor even when it reports an error: nothing to retry.
            }
        }
    }

    @Override
    public String toString() {
        return "tun " + name + (created ? " (created)" : " (attached)");
    }
}

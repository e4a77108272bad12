package io.tcpstack.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;

import io.tcpstack.link.LinkOffloads;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One queue of a Linux TUN interface ({@code IFF_TUN | IFF_NO_PI}: every read and write is one
 * bare IPv4/IPv6 packet, with offloads preceded by a {@link VirtioNetHeader}).
 * {@link #open(String, boolean)} creates the interface or attaches to an existing persistent one;
 * closing the last descriptor of a non-persistent interface removes it.
 */
public final class TunDevice implements PacketDevice {
    static final String CLONE_DEVICE = "/dev/net/tun";
    /** {@code _IOW('T', 202, int)}, linux/if_tun.h. */
    static final long TUNSETIFF = 0x400454caL;
    static final int IFF_TUN = 0x0001;
    static final int IFF_NO_PI = 0x1000;
    /** The interface has several queues, one per descriptor; the kernel steers each flow to one of them. */
    static final int IFF_MULTI_QUEUE = 0x0100;
    /** Every packet is preceded by a {@code struct virtio_net_hdr} (linux/if_tun.h). */
    static final int IFF_VNET_HDR = 0x4000;
    /** {@code _IOW('T', 208, unsigned int)}: the offloads the kernel may use towards this queue. */
    static final long TUNSETOFFLOAD = 0x400454d0L;
    /** The process handles packets with partial checksums (and so receives them). */
    static final int TUN_F_CSUM = 0x01;
    /** The process handles TCPv4 super-segments (TSO/GSO). */
    static final int TUN_F_TSO4 = 0x02;

    /** Interface name, as the kernel reports it. */
    private final String name;
    /** The queue's descriptor, opened {@code O_RDWR | O_NONBLOCK | O_CLOEXEC}; closed once by {@link #close()}. */
    private final int fd;
    /** True when this process created the interface, false when it attached to an existing one. */
    private final boolean created;
    /**
     * What the kernel agreed to: {@link LinkOffloads#TSO} exactly when the queue was opened with
     * {@code IFF_VNET_HDR} and {@code TUNSETOFFLOAD(TUN_F_CSUM | TUN_F_TSO4)} succeeded, else none
     * (and then no packet carries a virtio header).
     */
    private final LinkOffloads offloads;
    /** Why offloads were asked for and are off (one line for the startup log), null otherwise. */
    private final String offloadRefusal;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TunDevice(String name, int fd, boolean created, LinkOffloads offloads, String offloadRefusal) {
        this.name = name;
        this.fd = fd;
        this.created = created;
        this.offloads = offloads;
        this.offloadRefusal = offloadRefusal;
    }

    /** Attaches to (or creates) the TUN interface {@code name} without offloads; see {@link #open(String, boolean)}. */
    public static TunDevice open(String name) throws TunException {
        return open(name, false);
    }

    /**
     * Attaches to the TUN interface {@code name}, creating it when it does not exist. With
     * {@code offload}, asks for the virtio header and checksum + TSO offload; when the kernel
     * refuses the offloads (or the host is big-endian), the queue is reopened without them and
     * {@link #offloadRefusal()} says why.
     *
     * @throws TunException with a one-line reason (invalid name, no {@code /dev/net/tun}, missing
     *                      {@code CAP_NET_ADMIN}, interface busy or not a TUN device, ...)
     */
    public static TunDevice open(String name, boolean offload) throws TunException {
        return open(name, offload, 0);
    }

    /**
     * Opens {@code queues} queues of the multi-queue TUN interface {@code name}
     * ({@code IFF_MULTI_QUEUE}), creating it when it does not exist; offloads as in
     * {@link #open(String, boolean)}, the same on every queue. The interface steers a TCP flow's
     * packets to queue {@link io.tcpstack.link.FlowHash#queue} of the list returned (a
     * {@link SteeringProgram}), anything else to the first queue.
     *
     * @throws TunException with a one-line reason; the queues already opened are closed
     */
    public static List<TunDevice> openQueues(String name, boolean offload, int queues) throws TunException {
        List<TunDevice> opened = new ArrayList<>(queues);
        try {
            TunDevice first = open(name, offload, IFF_MULTI_QUEUE);
            opened.add(first);
            while (opened.size() < queues) {
                TunDevice next = open(name, first.offloads, first.offloadRefusal, IFF_MULTI_QUEUE);
                opened.add(next);
                if (!first.offloads.equals(LinkOffloads.NONE)) {
                    try {
                        requestOffloads(next);
                    } catch (LastErrorException e) {
                        throw TunException.of("the kernel refused TUNSETOFFLOAD on queue " + opened.size() + " of "
                                + name, e.getErrorCode(), null, e);
                    }
                }
            }
            SteeringProgram.attach(first.fd);
        } catch (TunException e) {
            opened.forEach(TunDevice::close);
            throw e;
        }
        return opened;
    }

    /** {@link #open(String, boolean)} with extra TUNSETIFF flags ({@code IFF_MULTI_QUEUE} or none). */
    private static TunDevice open(String name, boolean offload, int queueFlags) throws TunException {
        InterfaceName.validate(name);
        if (!offload) {
            return open(name, LinkOffloads.NONE, null, queueFlags);
        }
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return open(name, LinkOffloads.NONE, "offloads need a little-endian host", queueFlags);
        }
        TunDevice device = open(name, LinkOffloads.TSO, null, queueFlags);
        try {
            requestOffloads(device);
        } catch (LastErrorException e) {
            device.close();
            return open(name, LinkOffloads.NONE, "the kernel refused TUNSETOFFLOAD: " + Errno.describe(e.getErrorCode()),
                    queueFlags);
        }
        return device;
    }

    /** TUNSETOFFLOAD(TUN_F_CSUM | TUN_F_TSO4) on a queue opened with {@code IFF_VNET_HDR}. */
    private static void requestOffloads(TunDevice device) {
        LibC.INSTANCE.ioctl(device.fd, new NativeLong(TUNSETOFFLOAD), new NativeLong(TUN_F_CSUM | TUN_F_TSO4));
    }

    /**
     * TUNSETIFF with {@code IFF_TUN | IFF_NO_PI}, plus {@code IFF_VNET_HDR} for {@code offloads}
     * other than none (the caller then asks for them with TUNSETOFFLOAD), plus {@code queueFlags}.
     */
    private static TunDevice open(String name, LinkOffloads offloads, String offloadRefusal, int queueFlags)
            throws TunException {
        int extraFlags = offloads.equals(LinkOffloads.NONE) ? 0 : IFF_VNET_HDR;
        boolean exists = exists(name);
        int fd;
        try {
            fd = LibC.INSTANCE.open(CLONE_DEVICE, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw TunException.of("cannot open " + CLONE_DEVICE, e.getErrorCode(), openHint(e.getErrorCode()), e);
        }
        IfReq ifr = new IfReq(name).flags(IFF_TUN | IFF_NO_PI | extraFlags | queueFlags);
        try {
            LibC.INSTANCE.ioctl(fd, new NativeLong(TUNSETIFF), ifr.bytes());
        } catch (LastErrorException e) {
            LibC.INSTANCE.close(fd);
            String action = (exists ? "cannot attach to interface " : "cannot create TUN interface ") + name;
            throw TunException.of(action, e.getErrorCode(), setIffHint(e.getErrorCode(), exists,
                    (queueFlags & IFF_MULTI_QUEUE) != 0), e);
        }
        return new TunDevice(ifr.name(), fd, !exists, offloads, offloadRefusal);
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

    static String setIffHint(int errno, boolean exists, boolean multiQueue) {
        return switch (errno) {
            case Errno.EPERM, Errno.EACCES -> exists
                    ? "run as root or with CAP_NET_ADMIN, or as the owner set with 'ip tuntap add ... user'"
                    : "run as root or with CAP_NET_ADMIN";
            case Errno.EBUSY -> "another process holds the interface; stop it or choose another --tun name";
            case Errno.EINVAL -> exists
                    ? "the interface exists but is not a " + (multiQueue ? "multi" : "single")
                    + "-queue TUN device (tap or other type); choose another --tun name"
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

    /** The offloads in force; {@link LinkOffloads#TSO} means every packet carries a {@link VirtioNetHeader}. */
    public LinkOffloads offloads() {
        return offloads;
    }

    /** Why offloads that were asked for are off, null when they are on or were not asked for. */
    public String offloadRefusal() {
        return offloadRefusal;
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

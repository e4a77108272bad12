package io.tcpstack.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;

/**
 * Kernel-side configuration of an interface through ioctls on an {@code AF_INET} datagram socket
 * (netdevice(7)): MTU, transmit queue length, IPv4 address and netmask, link up. Needs
 * {@code CAP_NET_ADMIN}.
 */
public final class InterfaceConfigurator implements AutoCloseable {
    static final long SIOCGIFFLAGS = 0x8913;
    static final long SIOCSIFFLAGS = 0x8914;
    static final long SIOCSIFADDR = 0x8916;
    static final long SIOCSIFNETMASK = 0x891c;
    static final long SIOCGIFMTU = 0x8921;
    static final long SIOCSIFMTU = 0x8922;
    static final long SIOCGIFTXQLEN = 0x8942;
    static final long SIOCSIFTXQLEN = 0x8943;
    /**
     * Packets the kernel queues towards the stack on a new interface (its transmit queue; a TUN's
     * default is 500). With several senders, 500 overflows while the stack reads one packet per
     * syscall (offloads off): 4 iperf3 streams lost 117,000 packets in 5 s and ran at 1.7 Gbit/s;
     * with 4,096 none were lost and they ran at 5.4.
     */
    public static final int TX_QUEUE_LENGTH = 4096;
    static final int IFF_UP = 0x1;
    static final int IFF_RUNNING = 0x40;

    /** The control socket the ioctls go through; open until {@link #close()}. */
    private final int socket;

    public InterfaceConfigurator() throws TunException {
        try {
            socket = LibC.INSTANCE.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw TunException.of("cannot open a configuration socket", e.getErrorCode(), null, e);
        }
    }

    /** Sets MTU, transmit queue length, address/prefix and brings the link up: the usual set-up of a new interface. */
    public void configure(String name, int mtu, int address, int prefixLength) throws TunException {
        setMtu(name, mtu);
        setTxQueueLength(name, TX_QUEUE_LENGTH);
        setAddress(name, address);
        setNetmask(name, prefixLength);
        up(name);
    }

    public void setMtu(String name, int mtu) throws TunException {
        call(SIOCSIFMTU, new IfReq(name).mtu(mtu), "cannot set MTU " + mtu + " on " + name);
    }

    public void setTxQueueLength(String name, int length) throws TunException {
        call(SIOCSIFTXQLEN, new IfReq(name).txQueueLength(length),
                "cannot set the transmit queue length " + length + " on " + name);
    }

    public int txQueueLength(String name) throws TunException {
        IfReq ifr = new IfReq(name);
        call(SIOCGIFTXQLEN, ifr, "cannot read the transmit queue length of " + name);
        return ifr.txQueueLength();
    }

    public int mtu(String name) throws TunException {
        IfReq ifr = new IfReq(name);
        call(SIOCGIFMTU, ifr, "cannot read the MTU of " + name);
        return ifr.mtu();
    }

    /** @param address host byte order */
    public void setAddress(String name, int address) throws TunException {
        call(SIOCSIFADDR, new IfReq(name).ipv4(address),
                "cannot set address " + Ipv4Text.format(address) + " on " + name);
    }

    public void setNetmask(String name, int prefixLength) throws TunException {
        call(SIOCSIFNETMASK, new IfReq(name).ipv4(Ipv4Text.netmask(prefixLength)),
                "cannot set netmask /" + prefixLength + " on " + name);
    }

    /** Sets {@code IFF_UP} (read-modify-write of the flags, others unchanged). */
    public void up(String name) throws TunException {
        IfReq ifr = new IfReq(name);
        call(SIOCGIFFLAGS, ifr, "cannot read the flags of " + name);
        call(SIOCSIFFLAGS, ifr.flags(ifr.flags() | IFF_UP | IFF_RUNNING), "cannot bring " + name + " up");
    }

    private void call(long request, IfReq ifr, String action) throws TunException {
        try {
            LibC.INSTANCE.ioctl(socket, new NativeLong(request), ifr.bytes());
        } catch (LastErrorException e) {
            throw TunException.of(action, e.getErrorCode(), hint(e.getErrorCode()), e);
        }
    }

    static String hint(int errno) {
        return switch (errno) {
            case Errno.EPERM, Errno.EACCES -> "run as root or with CAP_NET_ADMIN";
            case Errno.EEXIST, Errno.EADDRINUSE -> "the address is already in use; choose another --address";
            case Errno.ENODEV -> "the interface is gone";
            case Errno.EINVAL -> "the kernel rejected the value";
            default -> null;
        };
    }

    @Override
    public void close() {
        try {
            LibC.INSTANCE.close(socket);
        } catch (LastErrorException ignored) {
            // The descriptor is released either way.
        }
    }
}

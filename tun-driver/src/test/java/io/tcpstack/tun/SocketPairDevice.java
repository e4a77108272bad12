package io.tcpstack.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * Two connected non-blocking {@code AF_UNIX} datagram sockets: one read or write is one packet,
 * like a TUN queue, without root. {@link #channelSide()} goes to the channel, the other end is
 * the test's "kernel".
 */
final class SocketPairDevice implements AutoCloseable {
    interface Calls extends Library {
        Calls INSTANCE = Native.load("c", Calls.class);

        int socketpair(int domain, int type, int protocol, int[] fds) throws LastErrorException;

        NativeLong read(int fd, byte[] buf, NativeLong count) throws LastErrorException;

        NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final int AF_UNIX = 1;
    private static final int SOCK_NONBLOCK = 0x800;

    private final int[] fds = new int[2];
    private final PacketDevice channelSide;

    SocketPairDevice() {
        Calls.INSTANCE.socketpair(AF_UNIX, LibC.SOCK_DGRAM | SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, 0, fds);
        channelSide = new PacketDevice() {
            private boolean closed;

            @Override
            public int fd() {
                return fds[0];
            }

            @Override
            public String name() {
                return "socketpair";
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    Calls.INSTANCE.close(fds[0]);
                }
            }
        };
    }

    PacketDevice channelSide() {
        return channelSide;
    }

    void send(byte[] packet) {
        Calls.INSTANCE.write(fds[1], packet, new NativeLong(packet.length));
    }

    /** The next packet the channel wrote, or {@code null} when none is queued. */
    byte[] receive() {
        byte[] buf = new byte[65536];
        try {
            int n = Calls.INSTANCE.read(fds[1], buf, new NativeLong(buf.length)).intValue();
            return java.util.Arrays.copyOf(buf, n);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EAGAIN) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        Calls.INSTANCE.close(fds[1]);
    }
}

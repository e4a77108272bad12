package io.tcpstack.daemon;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * systemd's readiness protocol ({@code sd_notify(3)}): one datagram such as {@code READY=1} to the
 * {@code AF_UNIX} socket named by {@code NOTIFY_SOCKET}; a name starting with {@code @} is in the
 * abstract namespace. Without {@code NOTIFY_SOCKET} (not started by a {@code Type=notify} unit)
 * nothing is sent. Java's own channels have no {@code AF_UNIX} datagrams, hence libc through JNA.
 */
final class SdNotify {
    /** {@code struct sockaddr_un}: {@code sa_family_t sun_family; char sun_path[108]}. */
    static final int SUN_PATH_LENGTH = 108;

    private SdNotify() {
    }

    /** Sends {@code READY=1} when {@code NOTIFY_SOCKET} is set; a failure is logged by the caller, never fatal. */
    static boolean ready() {
        return notify(System.getenv("NOTIFY_SOCKET"), "READY=1");
    }

    /**
     * Sends {@code state} to {@code socket}.
     *
     * @return false when {@code socket} is null or empty (nothing to notify)
     * @throws IllegalArgumentException when the socket name does not fit a {@code sockaddr_un}
     * @throws LastErrorException when the datagram cannot be sent
     */
    static boolean notify(String socket, String state) {
        if (socket == null || socket.isEmpty()) {
            return false;
        }
        byte[] address = sockaddr(socket);
        byte[] message = state.getBytes(StandardCharsets.UTF_8);
        int fd = UnixLibC.INSTANCE.socket(UnixLibC.AF_UNIX, UnixLibC.SOCK_DGRAM | UnixLibC.SOCK_CLOEXEC, 0);
        try {
            UnixLibC.INSTANCE.sendto(fd, message, message.length, UnixLibC.MSG_NOSIGNAL, address, address.length);
        } finally {
            UnixLibC.INSTANCE.close(fd);
        }
        return true;
    }

    /** The {@code sockaddr_un} of {@code name}, exactly as long as the address needs. */
    static byte[] sockaddr(String name) {
        boolean abstractName = name.charAt(0) == '@';
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        if (abstractName) {
            path[0] = 0;
        }
        // A path name takes its terminating NUL; an abstract one is exactly its bytes.
        int pathLength = abstractName ? path.length : path.length + 1;
        if (pathLength > SUN_PATH_LENGTH) {
            throw new IllegalArgumentException("NOTIFY_SOCKET is longer than " + SUN_PATH_LENGTH + " bytes: " + name);
        }
        ByteBuffer address = ByteBuffer.allocate(2 + pathLength).order(ByteOrder.nativeOrder());
        address.putShort((short) UnixLibC.AF_UNIX).put(path);
        return address.array();
    }

    /** The libc calls of an {@code AF_UNIX} datagram socket. */
    interface UnixLibC extends Library {
        UnixLibC INSTANCE = Native.load("c", UnixLibC.class);

        int AF_UNIX = 1;
        int SOCK_DGRAM = 2;
        int SOCK_CLOEXEC = 0x80000;
        int MSG_NOSIGNAL = 0x4000;

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] address, int length) throws LastErrorException;

        long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
                throws LastErrorException;

        long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }
}

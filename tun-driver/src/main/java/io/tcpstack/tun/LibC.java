package io.tcpstack.tun;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/** The few libc calls of the control plane. Calls that fail throw with {@code errno} set. */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDWR = 0x2;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;

    int AF_INET = 2;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    /** {@code ioctl(fd, request, struct ifreq *)}: JNA copies the array in and back out. */
    int ioctl(int fd, NativeLong request, byte[] ifreq) throws LastErrorException;

    /** {@code ioctl(fd, request, unsigned long)}: an ioctl that takes its argument by value. */
    int ioctl(int fd, NativeLong request, NativeLong argument) throws LastErrorException;

    /** {@code syscall(number, cmd, attr, size)}: a system call without a libc wrapper ({@code bpf}). */
    NativeLong syscall(NativeLong number, int cmd, com.sun.jna.Pointer attr, int size) throws LastErrorException;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    /** Index of the interface in the caller's network namespace, 0 when there is none. */
    int if_nametoindex(String name);

    String strerror(int errnum);
}

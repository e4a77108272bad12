package io.tcpstack.tun;

/** Linux errno values the control plane reacts to, and their text for users. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EBADFD = 77;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;

    private Errno() {
    }

    /** Symbolic name of an errno value, or {@code errno N} for one not listed here. */
    public static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EIO -> "EIO";
            case ENXIO -> "ENXIO";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case EACCES -> "EACCES";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case EBADFD -> "EBADFD";
            case EADDRINUSE -> "EADDRINUSE";
            case EADDRNOTAVAIL -> "EADDRNOTAVAIL";
            default -> "errno " + errno;
        };
    }

    /** The C library's text for the value and its name, e.g. {@code Operation not permitted (EPERM)}. */
    public static String describe(int errno) {
        return LibC.INSTANCE.strerror(errno) + " (" + name(errno) + ")";
    }
}

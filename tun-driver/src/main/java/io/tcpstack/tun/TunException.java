package io.tcpstack.tun;

/**
 * A failure of the TUN control plane. The message is one line a user can act on: what failed,
 * the C library's errno text, and what to do about it.
 */
public final class TunException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The errno of the failed call, or 0 when the failure was found before any call. */
    private final int errno;

    public TunException(String message) {
        super(message);
        this.errno = 0;
    }

    private TunException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /**
     * @param action what was attempted, e.g. {@code cannot create TUN interface tcps0}
     * @param hint what the user can do, or {@code null} when there is nothing specific to say
     */
    static TunException of(String action, int errno, String hint, Throwable cause) {
        String text = action + ": " + Errno.describe(errno);
        return new TunException(hint == null ? text : text + "; " + hint, errno, cause);
    }

    public int errno() {
        return errno;
    }
}

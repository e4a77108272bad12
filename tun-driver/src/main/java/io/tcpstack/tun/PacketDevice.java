package io.tcpstack.tun;

/**
 * A non-blocking file descriptor on which one {@code read} returns one packet and one
 * {@code write} sends one packet: a TUN queue, or (in tests) a datagram socket pair.
 */
public interface PacketDevice extends AutoCloseable {
    /** The open descriptor, in non-blocking mode; valid until {@link #close()}. */
    int fd();

    /** A name for logs and errors. */
    String name();

    /** Closes the descriptor; idempotent. */
    @Override
    void close();
}

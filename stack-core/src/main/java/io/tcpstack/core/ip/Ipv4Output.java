package io.tcpstack.core.ip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The way down: protocols hand their segments to IPv4, which prepends the header and queues
 * the packet for the link. Nothing reaches the wire until {@link #flush()} (the IPv4 layer also
 * flushes once at the end of every batch of received packets).
 */
public interface Ipv4Output {
    /** Bytes of headroom a segment buffer must leave before its {@code readerIndex}. */
    int HEADROOM = 20;

    ByteBufAllocator alloc();

    /** The stack's own address, host byte order: the source of everything sent. */
    int localAddress();

    /** Largest IPv4 packet the link carries (the interface MTU). */
    int mtu();

    /**
     * Sends one transport segment. The buffer's {@code readerIndex} is at the transport header
     * and at least {@link #HEADROOM} bytes before it are free: IPv4 writes its 20-byte header
     * there (no copy, no extra allocation). Ownership passes to the IPv4 layer.
     */
    void send(int protocol, int destination, ByteBuf segment);

    /** Writes everything queued so far to the link. */
    void flush();
}

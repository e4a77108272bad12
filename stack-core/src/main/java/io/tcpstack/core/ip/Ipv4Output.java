package io.tcpstack.core.ip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tcpstack.link.LinkOffloads;

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

    /** What the link finishes for outbound packets ({@link #sendOffloaded}); none by default. */
    default LinkOffloads offloads() {
        return LinkOffloads.NONE;
    }

    /**
     * Sends one transport segment, like {@link #send}, for the link to finish (only when
     * {@link #offloads()} allow it): its checksum field at {@code checksumOffset} holds the partial
     * sum of the pseudo-header over the whole segment's length, and with {@code segmentSize > 0}
     * the link cuts the payload after the {@code transportHeaderLength}-byte header into TCP
     * segments of {@code segmentSize} bytes (TSO), each within the MTU; the segment itself may
     * then be up to {@link LinkOffloads#MAX_PACKET} bytes with its IPv4 header.
     */
    default void sendOffloaded(int protocol, int destination, ByteBuf segment, int transportHeaderLength,
                               int checksumOffset, int segmentSize) {
        segment.release();
        throw new UnsupportedOperationException("the link offers no offloads");
    }

    /** Writes everything queued so far to the link. */
    void flush();
}

package io.tcpstack.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * An outbound IPv4 packet that the link finishes (only on a link whose {@link LinkOffloads}
 * allow it): its transport checksum field holds the partial sum of the pseudo-header alone, and
 * the link sums from {@link #checksumStart()} to the end and stores the complement at
 * {@link #checksumStart()} + {@link #checksumOffset()}. With a {@link #segmentSize()}, the link
 * also cuts the payload after {@link #headerLength()} into TCP segments of that many bytes, each
 * with a copy of the headers (TSO).
 */
public final class OffloadedPacket extends DefaultByteBufHolder {
    /** Bytes of IPv4 plus transport header at the start of the packet; {@code > checksumStart}. */
    private final int headerLength;
    /** Offset of the transport header from the start of the packet (the IPv4 header length). */
    private final int checksumStart;
    /** Offset of the checksum field within the transport header (16 for TCP). */
    private final int checksumOffset;
    /** Payload bytes per TCP segment the link cuts; 0: send as one packet (no TSO). */
    private final int segmentSize;

    /**
     * @param packet         the IPv4 packet, {@code readerIndex} at its header; ownership passes to this holder
     * @param headerLength   bytes of IPv4 plus transport header at the start of the packet
     * @param checksumStart  offset of the transport header from the start of the packet
     * @param checksumOffset offset of the checksum field within the transport header (16 for TCP)
     * @param segmentSize    payload bytes per TCP segment the link cuts (TSO), or 0 for one packet
     */
    public OffloadedPacket(ByteBuf packet, int headerLength, int checksumStart, int checksumOffset, int segmentSize) {
        super(packet);
        this.headerLength = headerLength;
        this.checksumStart = checksumStart;
        this.checksumOffset = checksumOffset;
        this.segmentSize = segmentSize;
    }

    /** @return bytes of IPv4 plus transport header at the start of the packet (virtio {@code hdr_len}) */
    public int headerLength() {
        return headerLength;
    }

    /** @return offset of the transport header, where the link's checksum sum starts (virtio {@code csum_start}) */
    public int checksumStart() {
        return checksumStart;
    }

    /** @return offset of the checksum field within the transport header (virtio {@code csum_offset}) */
    public int checksumOffset() {
        return checksumOffset;
    }

    /** @return payload bytes per TCP segment the link cuts (virtio {@code gso_size}); 0: no segmentation */
    public int segmentSize() {
        return segmentSize;
    }
}

package io.tcpstack.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * An inbound IPv4 packet whose transport checksum the link vouches for: it verified it, or the
 * packet comes from the local host with its checksum still to be computed (virtio
 * {@code DATA_VALID} / {@code NEEDS_CSUM}), so the checksum field may hold only the pseudo-header
 * sum. The transport layer skips its own check. The packet may exceed the MTU: a super-segment
 * the kernel did not split (GRO/GSO), which is one large in-order TCP segment.
 */
public final class ValidatedPacket extends DefaultByteBufHolder {
    /** @param packet the IPv4 packet, {@code readerIndex} at its header; ownership passes to this holder */
    public ValidatedPacket(ByteBuf packet) {
        super(packet);
    }
}

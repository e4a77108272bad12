package io.tcpstack.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Builds well-formed IPv4 datagrams for tests; tests then break the field they are about. */
public final class TestPackets {
    private TestPackets() {
    }

    /** An IPv4 datagram (20-byte header, valid checksum, DF clear, TTL 64) carrying {@code payload}. */
    public static ByteBuf ipv4(int source, int destination, int protocol, byte[] payload) {
        ByteBuf buf = Unpooled.buffer(Ipv4Header.MIN_LENGTH + payload.length);
        buf.writeZero(Ipv4Header.MIN_LENGTH).writeBytes(payload);
        Ipv4Header.write(buf, 0, buf.readableBytes(), 0x1234, false, 64, protocol, source, destination);
        return buf;
    }

    /** An ICMP echo request message (header and data) with a valid checksum. */
    public static byte[] echoRequest(int id, int seq, byte[] data) {
        ByteBuf icmp = Unpooled.buffer(IcmpHeader.LENGTH + data.length)
                .writeByte(IcmpHeader.TYPE_ECHO_REQUEST).writeByte(0).writeShort(0)
                .writeShort(id).writeShort(seq).writeBytes(data);
        IcmpHeader.fillChecksum(icmp, 0, icmp.readableBytes());
        byte[] bytes = new byte[icmp.readableBytes()];
        icmp.getBytes(0, bytes);
        return bytes;
    }

    /** Recomputes the IPv4 header checksum after a test changed a header field. */
    public static ByteBuf refreshIpChecksum(ByteBuf packet) {
        int headerLength = Ipv4Header.headerLength(packet, 0);
        packet.setShort(10, 0);
        packet.setShort(10, Checksum.compute(packet, 0, headerLength));
        return packet;
    }
}

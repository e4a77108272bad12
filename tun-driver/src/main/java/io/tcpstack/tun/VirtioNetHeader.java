package io.tcpstack.tun;

import io.netty.buffer.ByteBuf;
import io.tcpstack.link.OffloadedPacket;

/**
 * {@code struct virtio_net_hdr} (linux/virtio_net.h), the 10 bytes a TUN opened with
 * {@code IFF_VNET_HDR} puts before every packet in both directions: flags, GSO type, header
 * length, GSO size, checksum start and offset. Multi-byte fields are in the host's byte order
 * (legacy virtio, no {@code TUNSETVNETLE/BE}), which this codec takes to be little endian: a
 * device on a big-endian host is opened without the header ({@link TunDevice}).
 */
final class VirtioNetHeader {
    /** {@code sizeof(struct virtio_net_hdr)}, the TUN default ({@code TUNSETVNETHDRSZ} not needed). */
    static final int LENGTH = 10;
    /** The checksum from {@link #checksumStart} on is still to be computed (Linux CHECKSUM_PARTIAL). */
    static final int F_NEEDS_CSUM = 1;
    /** The checksum was verified (Linux CHECKSUM_UNNECESSARY); input only. */
    static final int F_DATA_VALID = 2;
    static final int GSO_NONE = 0;
    static final int GSO_TCPV4 = 1;
    /** Flag bit of the GSO type: the segments carry ECN CWR (only the first may have it set). */
    static final int GSO_ECN = 0x80;

    private static final int FLAGS = 0;
    private static final int GSO_TYPE = 1;
    private static final int HDR_LEN = 2;
    private static final int GSO_SIZE = 4;
    private static final int CSUM_START = 6;
    private static final int CSUM_OFFSET = 8;

    private VirtioNetHeader() {
    }

    static int flags(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + FLAGS);
    }

    /** The GSO type without the {@link #GSO_ECN} bit. */
    static int gsoType(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + GSO_TYPE) & ~GSO_ECN;
    }

    static int headerLength(ByteBuf buf, int index) {
        return buf.getUnsignedShortLE(index + HDR_LEN);
    }

    static int gsoSize(ByteBuf buf, int index) {
        return buf.getUnsignedShortLE(index + GSO_SIZE);
    }

    static int checksumStart(ByteBuf buf, int index) {
        return buf.getUnsignedShortLE(index + CSUM_START);
    }

    static int checksumOffset(ByteBuf buf, int index) {
        return buf.getUnsignedShortLE(index + CSUM_OFFSET);
    }

    /** The transport checksum of a packet read with this header needs no check by the stack. */
    static boolean checksumTrusted(ByteBuf buf, int index) {
        return (flags(buf, index) & (F_NEEDS_CSUM | F_DATA_VALID)) != 0;
    }

    /** Writes the header of a plain packet: nothing for the kernel to do. */
    static void writePlain(ByteBuf buf, int index) {
        write(buf, index, 0, GSO_NONE, 0, 0, 0, 0);
    }

    /** Writes the header asking the kernel to finish {@code packet}: its checksum and, with a segment size, TSO. */
    static void write(ByteBuf buf, int index, OffloadedPacket packet) {
        int segmentSize = packet.segmentSize();
        write(buf, index, F_NEEDS_CSUM, segmentSize > 0 ? GSO_TCPV4 : GSO_NONE, packet.headerLength(), segmentSize,
                packet.checksumStart(), packet.checksumOffset());
    }

    static void write(ByteBuf buf, int index, int flags, int gsoType, int headerLength, int gsoSize,
                      int checksumStart, int checksumOffset) {
        buf.setByte(index + FLAGS, flags);
        buf.setByte(index + GSO_TYPE, gsoType);
        buf.setShortLE(index + HDR_LEN, headerLength);
        buf.setShortLE(index + GSO_SIZE, gsoSize);
        buf.setShortLE(index + CSUM_START, checksumStart);
        buf.setShortLE(index + CSUM_OFFSET, checksumOffset);
    }
}

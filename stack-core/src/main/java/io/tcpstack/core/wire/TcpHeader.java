package io.tcpstack.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * Zero-copy view of a TCP header (RFC 9293 §3.1) at an absolute index of a {@link ByteBuf}:
 * static getters and setters, no allocation. Bounds are the caller's: check
 * {@link #MIN_LENGTH} and {@link #headerLength} against the segment length before reading.
 */
public final class TcpHeader {
    /** IANA protocol number of TCP. */
    public static final int PROTOCOL = 6;
    /** Length of the header without options. */
    public static final int MIN_LENGTH = 20;
    /** Largest header: data offset 15 words. */
    public static final int MAX_LENGTH = 60;
    /** RFC 9293 §3.7.1: the MSS assumed for a peer that sends no MSS option (576-byte datagrams). */
    public static final int DEFAULT_MSS = 536;
    /** Largest value of the 16-bit window field (RFC 9293 §3.1). */
    public static final int MAX_WINDOW = 0xFFFF;

    /** Control bits (RFC 9293 §3.1; ECE and CWR from RFC 3168 §6.1). */
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private static final int SRC_PORT = 0;
    private static final int DST_PORT = 2;
    private static final int SEQ = 4;
    private static final int ACK_NUM = 8;
    private static final int DATA_OFFSET = 12;
    private static final int FLAGS = 13;
    private static final int WINDOW = 14;
    private static final int CHECKSUM = 16;
    /** Offset of the checksum field in the header (for a link that completes it). */
    public static final int CHECKSUM_OFFSET = CHECKSUM;
    private static final int URGENT = 18;

    private TcpHeader() {
    }

    public static int sourcePort(ByteBuf buf, int index) {
        return buf.getUnsignedShort(index + SRC_PORT);
    }

    public static int destinationPort(ByteBuf buf, int index) {
        return buf.getUnsignedShort(index + DST_PORT);
    }

    /** Sequence number, 32 bits (compare with modular arithmetic). */
    public static int seq(ByteBuf buf, int index) {
        return buf.getInt(index + SEQ);
    }

    /** Acknowledgment number, 32 bits; meaningful only when {@link #ACK} is set. */
    public static int ack(ByteBuf buf, int index) {
        return buf.getInt(index + ACK_NUM);
    }

    /** Data offset in 32-bit words (the high nibble of byte 12). */
    public static int dataOffset(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + DATA_OFFSET) >>> 4;
    }

    /** Header length in bytes, options included: data offset times 4. */
    public static int headerLength(ByteBuf buf, int index) {
        return dataOffset(buf, index) * 4;
    }

    /** The eight control bits (CWR..FIN); the reserved bits of byte 12 are not included. */
    public static int flags(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + FLAGS);
    }

    /** True if every bit of {@code mask} is set. */
    public static boolean hasFlags(ByteBuf buf, int index, int mask) {
        return (flags(buf, index) & mask) == mask;
    }

    /** Window field, unscaled. */
    public static int window(ByteBuf buf, int index) {
        return buf.getUnsignedShort(index + WINDOW);
    }

    public static int checksum(ByteBuf buf, int index) {
        return buf.getUnsignedShort(index + CHECKSUM);
    }

    public static int urgentPointer(ByteBuf buf, int index) {
        return buf.getUnsignedShort(index + URGENT);
    }

    /**
     * Writes a header at the writer index: the 20 fixed bytes, then {@code options} (may be
     * null), with the data offset set to cover both and the checksum zero (fill it with
     * {@link #fillChecksum} once the payload is in place).
     *
     * @return the header length in bytes
     */
    public static int write(ByteBuf out, int sourcePort, int destinationPort, int seq, int ack,
                            int flags, int window, int urgentPointer, TcpOptions options) {
        int start = out.writerIndex();
        out.writeShort(sourcePort)
                .writeShort(destinationPort)
                .writeInt(seq)
                .writeInt(ack)
                .writeShort(0) // data offset, set below
                .writeShort(window)
                .writeShort(0) // checksum
                .writeShort(urgentPointer);
        if (options != null) {
            options.encode(out);
        }
        int length = out.writerIndex() - start;
        out.setByte(start + DATA_OFFSET, (length / 4) << 4);
        out.setByte(start + FLAGS, flags);
        return length;
    }

    /**
     * Computes and stores the checksum of a segment held in one buffer (RFC 9293 §3.1: the
     * pseudo-header, the TCP header with a zero checksum field, and the data).
     *
     * @param length header plus data, in bytes
     * @param source IPv4 source address, host byte order
     * @param destination IPv4 destination address, host byte order
     */
    public static void fillChecksum(ByteBuf buf, int index, int length, int source, int destination) {
        buf.setShort(index + CHECKSUM, 0);
        int sum = Checksum.combine(Checksum.pseudoHeader(source, destination, PROTOCOL, length),
                Checksum.partial(buf, index, length));
        buf.setShort(index + CHECKSUM, Checksum.finish(sum));
    }

    /**
     * Computes and stores the checksum of a segment whose header and data live in different
     * buffers (header at {@code headerIndex} of {@code header}, data at {@code dataIndex} of
     * {@code data}), e.g. a fresh header in front of a retained slice of the send buffer.
     */
    public static void fillChecksum(ByteBuf header, int headerIndex, int headerLength,
                                    ByteBuf data, int dataIndex, int dataLength,
                                    int source, int destination) {
        header.setShort(headerIndex + CHECKSUM, 0);
        int sum = Checksum.pseudoHeader(source, destination, PROTOCOL, headerLength + dataLength);
        sum = Checksum.combine(sum, Checksum.partial(header, headerIndex, headerLength));
        sum = Checksum.combine(sum, Checksum.partial(data, dataIndex, dataLength));
        header.setShort(headerIndex + CHECKSUM, Checksum.finish(sum));
    }

    /**
     * Stores the partial sum of the pseudo-header alone (RFC 9293 §3.1, not complemented) in
     * the checksum field, for a link that adds the header and data and complements (checksum
     * offload: Linux's CHECKSUM_PARTIAL, virtio's NEEDS_CSUM).
     *
     * @param length header plus data, in bytes
     */
    public static void fillPseudoHeaderChecksum(ByteBuf header, int index, int length, int source, int destination) {
        header.setShort(index + CHECKSUM, Checksum.pseudoHeader(source, destination, PROTOCOL, length));
    }

    /** True if the checksum of the {@code length}-byte segment at {@code index} is correct. */
    public static boolean verifyChecksum(ByteBuf buf, int index, int length, int source, int destination) {
        int sum = Checksum.combine(Checksum.pseudoHeader(source, destination, PROTOCOL, length),
                Checksum.partial(buf, index, length));
        return Checksum.isValid(sum);
    }

    /** A short text form of flags, e.g. {@code "SYN|ACK"}, for traces. */
    public static String flagsToString(int flags) {
        StringBuilder sb = new StringBuilder();
        appendFlag(sb, flags, FIN, "FIN");
        appendFlag(sb, flags, SYN, "SYN");
        appendFlag(sb, flags, RST, "RST");
        appendFlag(sb, flags, PSH, "PSH");
        appendFlag(sb, flags, ACK, "ACK");
        appendFlag(sb, flags, URG, "URG");
        appendFlag(sb, flags, ECE, "ECE");
        appendFlag(sb, flags, CWR, "CWR");
        return sb.isEmpty() ? "none" : sb.toString();
    }

    private static void appendFlag(StringBuilder sb, int flags, int bit, String name) {
        if ((flags & bit) != 0) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append(name);
        }
    }
}

package io.tcpstack.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * Zero-copy view of an IPv4 header (RFC 791 §3.1) at an absolute index of a {@link ByteBuf}:
 * static getters and a writer, no allocation. Bounds are the caller's: check
 * {@link #MIN_LENGTH} before reading and {@link #headerLength} before touching options.
 */
public final class Ipv4Header {
    /** Header length without options. */
    public static final int MIN_LENGTH = 20;
    /** Time to live of packets this stack sends (RFC 1700's recommended default). */
    public static final int DEFAULT_TTL = 64;

    private static final int VERSION_IHL = 0;
    private static final int TOS = 1;
    private static final int TOTAL_LENGTH = 2;
    private static final int IDENTIFICATION = 4;
    private static final int FLAGS_FRAGMENT = 6;
    private static final int TTL = 8;
    private static final int PROTOCOL = 9;
    private static final int CHECKSUM = 10;
    private static final int SOURCE = 12;
    private static final int DESTINATION = 16;

    private static final int FLAG_DF = 0x4000;
    private static final int FLAG_MF = 0x2000;
    private static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    private Ipv4Header() {
    }

    public static int version(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + VERSION_IHL) >>> 4;
    }

    /** Internet header length in 32-bit words. */
    public static int ihl(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + VERSION_IHL) & 0x0F;
    }

    /** Header length in bytes, options included: IHL times 4. */
    public static int headerLength(ByteBuf buf, int index) {
        return ihl(buf, index) * 4;
    }

    /** Differentiated services code point, the high six bits of the old TOS byte (RFC 2474 §3). */
    public static int dscp(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + TOS) >>> 2;
    }

    /** ECN field, the low two bits of the old TOS byte (RFC 3168 §5). */
    public static int ecn(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + TOS) & 0x03;
    }

    /** Total length of the datagram in bytes, header included. */
    public static int totalLength(ByteBuf buf, int index) {
        return buf.getUnsignedShort(index + TOTAL_LENGTH);
    }

    public static int identification(ByteBuf buf, int index) {
        return buf.getUnsignedShort(index + IDENTIFICATION);
    }

    public static boolean dontFragment(ByteBuf buf, int index) {
        return (buf.getUnsignedShort(index + FLAGS_FRAGMENT) & FLAG_DF) != 0;
    }

    public static boolean moreFragments(ByteBuf buf, int index) {
        return (buf.getUnsignedShort(index + FLAGS_FRAGMENT) & FLAG_MF) != 0;
    }

    /** Fragment offset in units of 8 bytes. */
    public static int fragmentOffset(ByteBuf buf, int index) {
        return buf.getUnsignedShort(index + FLAGS_FRAGMENT) & FRAGMENT_OFFSET_MASK;
    }

    /** True if this is a fragment of a larger datagram: MF set or a non-zero offset (RFC 791 §2.3). */
    public static boolean isFragment(ByteBuf buf, int index) {
        return (buf.getUnsignedShort(index + FLAGS_FRAGMENT) & (FLAG_MF | FRAGMENT_OFFSET_MASK)) != 0;
    }

    public static int ttl(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + TTL);
    }

    public static int protocol(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + PROTOCOL);
    }

    public static int headerChecksum(ByteBuf buf, int index) {
        return buf.getUnsignedShort(index + CHECKSUM);
    }

    /** Source address, host byte order. */
    public static int source(ByteBuf buf, int index) {
        return buf.getInt(index + SOURCE);
    }

    /** Destination address, host byte order. */
    public static int destination(ByteBuf buf, int index) {
        return buf.getInt(index + DESTINATION);
    }

    /** True if the header checksum over {@code headerLength} bytes is correct (RFC 791 §3.1). */
    public static boolean checksumValid(ByteBuf buf, int index, int headerLength) {
        return Checksum.isValid(Checksum.partial(buf, index, headerLength));
    }

    /**
     * Fills a 20-byte header without options at {@code index} (DSCP/ECN zero, checksum computed).
     *
     * @param totalLength header plus payload, in bytes
     * @param dontFragment whether to set DF (RFC 1191 path MTU discovery sends with DF)
     */
    public static void write(ByteBuf buf, int index, int totalLength, int identification,
                             boolean dontFragment, int ttl, int protocol, int source, int destination) {
        buf.setByte(index + VERSION_IHL, (4 << 4) | (MIN_LENGTH / 4));
        buf.setByte(index + TOS, 0);
        buf.setShort(index + TOTAL_LENGTH, totalLength);
        buf.setShort(index + IDENTIFICATION, identification);
        buf.setShort(index + FLAGS_FRAGMENT, dontFragment ? FLAG_DF : 0);
        buf.setByte(index + TTL, ttl);
        buf.setByte(index + PROTOCOL, protocol);
        buf.setShort(index + CHECKSUM, 0);
        buf.setInt(index + SOURCE, source);
        buf.setInt(index + DESTINATION, destination);
        buf.setShort(index + CHECKSUM, Checksum.compute(buf, index, MIN_LENGTH));
    }

    /** Dotted-quad text of a host-order address, for logs. */
    public static String addressToString(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF)
                + "." + (address & 0xFF);
    }
}

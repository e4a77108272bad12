package io.tcpstack.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * Zero-copy view of an ICMP message header (RFC 792) at an absolute index of a
 * {@link ByteBuf}: type, code, checksum, and the identifier/sequence of echo messages.
 */
public final class IcmpHeader {
    /** IANA protocol number of ICMP. */
    public static final int PROTOCOL = 1;
    /** Type, code, checksum and the 4-byte rest-of-header word. */
    public static final int LENGTH = 8;

    public static final int TYPE_ECHO_REPLY = 0;
    public static final int TYPE_DESTINATION_UNREACHABLE = 3;
    public static final int TYPE_REDIRECT = 5;
    public static final int TYPE_ECHO_REQUEST = 8;
    public static final int TYPE_TIME_EXCEEDED = 11;
    public static final int TYPE_PARAMETER_PROBLEM = 12;
    /** Source quench (RFC 792, deprecated by RFC 6633 but still an error message). */
    public static final int TYPE_SOURCE_QUENCH = 4;

    /** Destination unreachable code: protocol unreachable (RFC 792). */
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;
    /** Destination unreachable, fragmentation needed and DF set: the next-hop MTU is in bytes 6-7 (RFC 1191 §4). */
    public static final int CODE_FRAGMENTATION_NEEDED = 4;

    private static final int TYPE = 0;
    private static final int CODE = 1;
    private static final int CHECKSUM = 2;
    private static final int ECHO_ID = 4;
    private static final int ECHO_SEQ = 6;

    private IcmpHeader() {
    }

    public static int type(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + TYPE);
    }

    public static int code(ByteBuf buf, int index) {
        return buf.getUnsignedByte(index + CODE);
    }

    public static int checksum(ByteBuf buf, int index) {
        return buf.getUnsignedShort(index + CHECKSUM);
    }

    /** Identifier of an echo request or reply. */
    public static int echoId(ByteBuf buf, int index) {
        return buf.getUnsignedShort(index + ECHO_ID);
    }

    /** Sequence number of an echo request or reply. */
    public static int echoSeq(ByteBuf buf, int index) {
        return buf.getUnsignedShort(index + ECHO_SEQ);
    }

    /**
     * True for ICMP error messages, to which no ICMP error is ever sent (RFC 1122 §3.2.2):
     * destination unreachable, source quench, redirect, time exceeded, parameter problem.
     */
    public static boolean isError(int type) {
        return type == TYPE_DESTINATION_UNREACHABLE || type == TYPE_SOURCE_QUENCH || type == TYPE_REDIRECT
                || type == TYPE_TIME_EXCEEDED || type == TYPE_PARAMETER_PROBLEM;
    }

    public static void setType(ByteBuf buf, int index, int type) {
        buf.setByte(index + TYPE, type);
    }

    public static void setCode(ByteBuf buf, int index, int code) {
        buf.setByte(index + CODE, code);
    }

    /** True if the checksum over the whole {@code length}-byte message is correct (RFC 792). */
    public static boolean checksumValid(ByteBuf buf, int index, int length) {
        return Checksum.isValid(Checksum.partial(buf, index, length));
    }

    /** Computes and stores the checksum over the whole {@code length}-byte message. */
    public static void fillChecksum(ByteBuf buf, int index, int length) {
        buf.setShort(index + CHECKSUM, 0);
        buf.setShort(index + CHECKSUM, Checksum.compute(buf, index, length));
    }
}

package io.tcpstack.core.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A parsed TCP segment as the state machine sees it (the "SEG." variables of RFC 9293 §3.3.1).
 * Mutable and reused: the layer parses every arriving packet into one instance, so the engine
 * must not keep a reference to it (or to its payload, whose bytes belong to the arriving packet).
 */
public final class Segment {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    /** Value of {@link #mss} when the segment carries no MSS option. */
    public static final int NO_MSS = 0;

    int sourcePort;
    int destinationPort;
    /** SEG.SEQ. */
    int seq;
    /** SEG.ACK, meaningful only with {@link #ACK}. */
    int ack;
    /** Control bits, a combination of the constants above. */
    int flags;
    /** SEG.WND, 0..65535 (no window scaling). */
    int window;
    /** The MSS option's value, or {@link #NO_MSS}. */
    int mss;
    /** The segment text; not owned, never null (empty when there is no data). */
    ByteBuf payload = Unpooled.EMPTY_BUFFER;

    public int sourcePort() { return sourcePort; }

    public int destinationPort() { return destinationPort; }

    public int seq() { return seq; }

    public int ack() { return ack; }

    public int flags() { return flags; }

    public int window() { return window; }

    public int mss() { return mss; }

    public ByteBuf payload() { return payload; }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Bytes of text. */
    public int dataLength() {
        return payload.readableBytes();
    }

    /** SEG.LEN: text plus one for each of SYN and FIN (RFC 9293 §3.4). */
    public int len() {
        return dataLength() + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
    }

    /** Fills every field (used by the parser and by tests). */
    public Segment set(int sourcePort, int destinationPort, int seq, int ack, int flags, int window, int mss,
                       ByteBuf payload) {
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
        this.seq = seq;
        this.ack = ack;
        this.flags = flags;
        this.window = window;
        this.mss = mss;
        this.payload = payload;
        return this;
    }

    /** Renders control bits the way tcpdump readers expect, e.g. {@code SYN|ACK}. */
    public static String flagsToString(int flags) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                sb.append(sb.isEmpty() ? "" : "|").append(names[i]);
            }
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }

    @Override
    public String toString() {
        return sourcePort + " > " + destinationPort + " " + flagsToString(flags)
                + " seq=" + Integer.toUnsignedString(seq)
                + (has(ACK) ? " ack=" + Integer.toUnsignedString(ack) : "")
                + " win=" + window + (mss != NO_MSS ? " mss=" + mss : "") + " len=" + dataLength();
    }
}

package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.FIN;
import static io.tcpstack.core.wire.TcpHeader.SYN;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.wire.TcpHeader;
import io.tcpstack.core.wire.TcpOptions;

/**
 * A parsed arriving TCP segment as the state machine sees it (the "SEG." variables of
 * RFC 9293 §3.3.1). Mutable and reused: the layer parses every arriving packet into one
 * instance, so the engine must not keep a reference to it, nor to its payload, whose bytes
 * belong to the arriving packet (retain a slice to keep them). Control bits are
 * {@link TcpHeader}'s constants.
 */
final class Segment {
    int sourcePort;
    int destinationPort;
    /** SEG.SEQ. */
    int seq;
    /** SEG.ACK, meaningful only with the ACK bit. */
    int ack;
    /** Control bits. */
    int flags;
    /**
     * SEG.WND in bytes: the header field, shifted left by the peer's window scale once the
     * connection has it (RFC 7323 §2.2; never on a SYN). The layer parses the field unshifted.
     */
    int window;
    /** Options as parsed (MSS is -1 when absent). */
    final TcpOptions options = new TcpOptions();
    /** The segment text; not owned, never null (empty when there is no data). */
    ByteBuf payload = Unpooled.EMPTY_BUFFER;

    public int sourcePort() { return sourcePort; }

    public int destinationPort() { return destinationPort; }

    public int seq() { return seq; }

    public int ack() { return ack; }

    public int flags() { return flags; }

    public int window() { return window; }

    public TcpOptions options() { return options; }

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

    /** Fills the fixed fields (options are filled separately through {@link #options()}). */
    public Segment set(int sourcePort, int destinationPort, int seq, int ack, int flags, int window, ByteBuf payload) {
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
        this.seq = seq;
        this.ack = ack;
        this.flags = flags;
        this.window = window;
        this.payload = payload;
        return this;
    }

    @Override
    public String toString() {
        return sourcePort + " > " + destinationPort + " " + TcpHeader.flagsToString(flags)
                + " seq=" + Integer.toUnsignedString(seq)
                + (has(ACK) ? " ack=" + Integer.toUnsignedString(ack) : "")
                + " win=" + window + " len=" + dataLength() + " " + options;
    }
}

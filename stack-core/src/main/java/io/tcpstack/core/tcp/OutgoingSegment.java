package io.tcpstack.core.tcp;

import io.netty.buffer.ByteBuf;
import io.tcpstack.core.wire.TcpOptions;

/**
 * The segment being built for sending: addresses, the header's fields, options and payload. One
 * per layer, reused for every segment ({@link TcpLayer#outgoing}, then {@link TcpLayer#transmit}):
 * nothing may keep it. The payload is not owned: the layer copies or retains what it sends.
 */
final class OutgoingSegment {
    int remoteAddress;
    int localPort;
    int remotePort;
    /** SEG.SEQ. */
    int seq;
    /** SEG.ACK; 0 without the ACK bit. */
    int ack;
    /** Control bits ({@link io.tcpstack.core.wire.TcpHeader}'s constants). */
    int flags;
    /** The window field as sent (already scaled down). */
    int window;
    /** The options to send; cleared by {@link TcpLayer#outgoing}. */
    private final TcpOptions options = new TcpOptions();
    /** The segment's text (readable bytes, not consumed), or null. */
    ByteBuf payload;
    /** The connection's Eff.snd.MSS: a longer payload is a TSO super-segment the link cuts into segments of this size. */
    int segmentSize;

    /** Starts a new segment between the stack's address and {@code remoteAddress}: no options, no payload. */
    OutgoingSegment reset(int remoteAddress, int localPort, int remotePort) {
        this.remoteAddress = remoteAddress;
        this.localPort = localPort;
        this.remotePort = remotePort;
        seq = 0;
        ack = 0;
        flags = 0;
        window = 0;
        options.clear();
        payload = null;
        segmentSize = 0;
        return this;
    }

    TcpOptions options() {
        return options;
    }

    OutgoingSegment seq(int seq) {
        this.seq = seq;
        return this;
    }

    OutgoingSegment ack(int ack) {
        this.ack = ack;
        return this;
    }

    OutgoingSegment flags(int flags) {
        this.flags = flags;
        return this;
    }

    OutgoingSegment window(int window) {
        this.window = window;
        return this;
    }

    OutgoingSegment payload(ByteBuf payload, int segmentSize) {
        this.payload = payload;
        this.segmentSize = segmentSize;
        return this;
    }

    /** Bytes of text. */
    int dataLength() {
        return payload == null ? 0 : payload.readableBytes();
    }
}

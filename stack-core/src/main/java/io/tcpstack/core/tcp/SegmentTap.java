package io.tcpstack.core.tcp;

import io.tcpstack.core.wire.TcpOptions;

/**
 * Sees every segment a {@link TcpLayer} accepts for processing or sends, for tracing
 * ({@link TcpLayer#segmentTap}). Called on the event loop for each segment, in the order the
 * layer handles them: an arriving segment once it parsed (valid checksum, header and options),
 * before any connection sees it, so the state changes it causes follow it; a sent segment once
 * its header is built. It must not block, and must copy what it keeps: {@code options} is the
 * layer's reused descriptor.
 *
 * <p>A layer without a tap pays one field read per segment.
 */
@FunctionalInterface
public interface SegmentTap {
    /**
     * @param inbound       true for a segment from the peer, false for one the stack sends
     * @param remoteAddress the peer's IPv4 address (host byte order)
     * @param localPort     the stack's port
     * @param remotePort    the peer's port
     * @param seq           SEG.SEQ
     * @param ack           SEG.ACK (meaningful with the ACK bit)
     * @param flags         control bits ({@link io.tcpstack.core.wire.TcpHeader}'s constants)
     * @param window        the window field as on the wire (not scaled, RFC 7323 §2.2)
     * @param dataLength    bytes of text
     * @param options       the segment's options; valid only during the call
     */
    void segment(boolean inbound, int remoteAddress, int localPort, int remotePort, int seq, int ack, int flags,
                 int window, int dataLength, TcpOptions options);
}

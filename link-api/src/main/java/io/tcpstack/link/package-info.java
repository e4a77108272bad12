/**
 * The messages that cross the boundary between a link and the stack's IPv4 layer, and the
 * counters both sides keep: the one vocabulary they share, so that neither depends on the other.
 *
 * <p>A link (the TUN driver in {@code tun-driver}, the in-memory links of the simulation) hands
 * the stack each inbound IPv4 packet as a plain {@link io.netty.buffer.ByteBuf}, or as a
 * {@link io.tcpstack.link.ValidatedPacket} when it vouches for the transport checksum. It
 * announces what it finishes for outbound packets as {@link io.tcpstack.link.LinkOffloads}; on
 * a link that offers them, the stack writes an {@link io.tcpstack.link.OffloadedPacket} whose
 * checksum (and, with TSO, segmentation) the link completes, and a plain {@code ByteBuf}
 * otherwise.
 *
 * <p>Both sides also count in one style, {@link io.tcpstack.link.LoopCounters}: named counters
 * written by the event loop alone and read from any thread.
 *
 * <p>Ownership follows Netty's rule: whoever receives a message releases it. Pure Java over
 * Netty buffers; no native code, no stack logic.
 */
package io.tcpstack.link;

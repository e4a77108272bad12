/**
 * Packet formats on the wire: zero-copy static views over Netty {@code ByteBuf}s for the data
 * path ({@link io.tcpstack.core.wire.Ipv4Header}, {@link io.tcpstack.core.wire.TcpHeader},
 * {@link io.tcpstack.core.wire.IcmpHeader}), the reusable {@link io.tcpstack.core.wire.TcpOptions}
 * codec, the RFC 1071 {@link io.tcpstack.core.wire.Checksum}, and value records
 * ({@code Ipv4Repr}, {@code TcpRepr}) for tests and traces. Views take absolute indices and
 * never move reader or writer indices; checking lengths before reading is the caller's job.
 */
package io.tcpstack.core.wire;

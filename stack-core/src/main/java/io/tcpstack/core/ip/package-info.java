/**
 * IPv4 for a host (RFC 791, RFC 1122 §3.2): {@link io.tcpstack.core.ip.Ipv4Handler} is the
 * bottom handler of the stack's pipeline. It validates each datagram the link delivers (a plain
 * {@code ByteBuf}, or a {@link io.tcpstack.link.ValidatedPacket} whose transport checksum the
 * link vouches for), counts it in {@link io.tcpstack.core.ip.IpCounters}, and hands it to the
 * {@link io.tcpstack.core.ip.Ipv4Protocol} registered for its protocol number through the one
 * {@code receive} method; outbound, as {@link io.tcpstack.core.ip.Ipv4Output}, it writes the
 * header and passes plain or offloaded packets to the link. The link's messages themselves live
 * in {@code link-api}, so the link never depends on this module.
 *
 * <p>{@link io.tcpstack.link.LoopCounters} (in {@code link-api}, so the TUN driver shares it) is
 * the one counter style of every layer: TUN, IPv4, ICMP, TCP and the fault injector each have one
 * enum of named counters, written by the event loop alone and read from any thread.
 */
package io.tcpstack.core.ip;

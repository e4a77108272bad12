/**
 * The stack's link: a Linux TUN interface.
 *
 * <p>Control plane through JNA ({@link io.tcpstack.tun.TunDevice} opens {@code /dev/net/tun} and
 * creates or attaches to an interface; {@link io.tcpstack.tun.InterfaceConfigurator} sets MTU,
 * address, netmask and link state with netdevice(7) ioctls). Failures are
 * {@link io.tcpstack.tun.TunException}s with one line for the user, errno text included.
 *
 * <p>Data path through Netty's epoll transport ({@link io.tcpstack.tun.TunChannel}): the fd is
 * registered with an {@code IoEventLoop} and read/written with Netty's native calls straight
 * into pooled direct buffers, one packet per message, with no JNA call per packet.
 *
 * <p>What the channel exchanges with the pipeline above it is {@code link-api}'s vocabulary
 * ({@link io.tcpstack.link}): a plain {@code ByteBuf} or, when the kernel vouches for the
 * checksum, a {@link io.tcpstack.link.ValidatedPacket} inbound; a {@code ByteBuf} or an
 * {@link io.tcpstack.link.OffloadedPacket} outbound, as the device's
 * {@link io.tcpstack.link.LinkOffloads} allow. The driver knows nothing of the stack above it:
 * this module does not depend on {@code stack-core}.
 */
package io.tcpstack.tun;

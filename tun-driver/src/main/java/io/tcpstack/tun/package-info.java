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
 */
package io.tcpstack.tun;

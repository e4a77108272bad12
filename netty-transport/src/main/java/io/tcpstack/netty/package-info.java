/**
 * A Netty transport over the userspace stack: {@link io.tcpstack.netty.TcpStack} embeds a stack
 * (over a TUN, or loopback only) and offers the event loop group that runs it;
 * {@link io.tcpstack.netty.TcpStackServerSocketChannel} and
 * {@link io.tcpstack.netty.TcpStackSocketChannel} are its server and socket channels, so that a
 * Netty application moves onto the stack by changing its channel classes and its group.
 *
 * <p>Threading: the stack, its channels and their pipelines all run on the one loop of the
 * group; Netty's {@code IoHandler} model carries it ({@link io.tcpstack.netty.TcpStackIoHandler}
 * passes the link's I/O to epoll or to nothing and registers the stack's channels itself). A
 * channel's read and write are direct calls into its connection, no thread hop.
 */
package io.tcpstack.netty;

package io.tcpstack.it.netty;

import static io.tcpstack.it.StackAddresses.KERNEL;

import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * An NIO server channel that binds to the kernel side of the TUN ({@code 10.0.0.1}) on the port
 * asked for, whatever address it is given: Netty's socket tests bind every server to one address
 * (the stack's, in {@link TunSocketTestPermutation}).
 */
final class KernelSideServerChannel extends NioServerSocketChannel {
    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        super.doBind(new InetSocketAddress(KERNEL, ((InetSocketAddress) localAddress).getPort()));
    }
}

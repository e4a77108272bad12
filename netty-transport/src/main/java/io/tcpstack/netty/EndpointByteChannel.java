package io.tcpstack.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.tcp.TcpEndpoint;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A connection's send buffer as a {@link WritableByteChannel}, for a {@link io.netty.channel.FileRegion}
 * to transfer into: each write takes what the send buffer has room for, possibly nothing.
 */
final class EndpointByteChannel implements WritableByteChannel {
    private final TcpEndpoint endpoint;

    EndpointByteChannel(TcpEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public int write(ByteBuffer src) {
        int n = Math.min(src.remaining(), endpoint.writableBytes());
        if (n == 0) {
            return 0;
        }
        ByteBuf view = Unpooled.wrappedBuffer(src.slice(src.position(), n));
        int written = endpoint.write(view);
        src.position(src.position() + written);
        return written;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}

package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A {@link io.tcpstack.core.socket.LoopStream} whose receive side, send-buffer space and end are set by the test. */
public final class ScriptedStream implements io.tcpstack.core.socket.LoopStream {
    /** Bytes that arrived and were not read yet. */
    public final ByteBuf received = Unpooled.buffer();
    /** The peer's FIN arrived (after {@link #received}). */
    public boolean finReceived;
    /** Bytes the send buffer takes now. */
    public int space;
    /** Everything written, in order. */
    public final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    /** close, shutdownOutput or abort was called. */
    public boolean closed;
    /** abort was called. */
    public boolean aborted;
    /** The last keep-alive set; null if none was. */
    public io.tcpstack.core.tcp.Keepalive keepalive;
    private Object attachment;

    public ScriptedStream(int space) {
        this.space = space;
    }

    public void arrive(String text) {
        arrive(text.getBytes(StandardCharsets.US_ASCII));
    }

    public void arrive(byte[] bytes) {
        received.writeBytes(bytes);
    }

    public String sentText() {
        return sent.toString(StandardCharsets.US_ASCII);
    }

    @Override public int read(ByteBuf dst, int max) {
        int n = Math.min(Math.min(max, dst.writableBytes()), received.readableBytes());
        if (n == 0) {
            return finReceived && !received.isReadable() ? -1 : 0;
        }
        dst.writeBytes(received, n);
        return n;
    }
    @Override public int skip(int max) {
        int n = Math.min(max, received.readableBytes());
        if (n == 0) {
            return finReceived ? -1 : 0;
        }
        received.skipBytes(n);
        return n;
    }
    @Override public int readableBytes() { return received.readableBytes(); }
    @Override public boolean isInputShutdown() { return finReceived && !received.isReadable(); }
    @Override public int write(ByteBuf src) {
        assertThat(closed).as("write after close").isFalse();
        int n = Math.min(space, src.readableBytes());
        byte[] b = new byte[n];
        src.readBytes(b);
        sent.writeBytes(b);
        space -= n;
        return n;
    }
    @Override public int writableBytes() { return closed ? 0 : space; }
    @Override public void shutdownOutput() { closed = true; }
    @Override public void close() { closed = true; }
    @Override public void abort() { closed = true; aborted = true; }
    @Override public void setNoDelay(boolean noDelay) { }
    @Override public void setKeepalive(io.tcpstack.core.tcp.Keepalive keepalive) { this.keepalive = keepalive; }
    @Override public void setUserTimeout(java.time.Duration timeout) { }
    @Override public Object attachment() { return attachment; }
    @Override public void attach(Object a) { attachment = a; }
    @Override public InetSocketAddress localAddress() { return new InetSocketAddress(7); }
    @Override public InetSocketAddress remoteAddress() { return new InetSocketAddress(40000); }
}

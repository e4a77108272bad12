package io.tcpstack.core.socket;

import io.netty.buffer.ByteBuf;
import io.tcpstack.core.tcp.TcpEndpoint;
import io.tcpstack.core.tcp.TcpEndpointEvents;
import io.tcpstack.core.tcp.TcpState;
import java.io.IOException;
import io.tcpstack.core.tcp.Keepalive;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A {@link LoopStream} over one engine connection: the connection's event sink, which passes each
 * upcall to its listener's handler. Loop-confined. The whole per-connection cost of an
 * event-driven service beyond the TCB: this object, linked into its listener's list of open streams.
 */
final class TcpLoopStream implements LoopStream, TcpEndpointEvents {
    /** The connection; every call goes to it. */
    final TcpEndpoint endpoint;
    /** The listener that accepted the connection: its handler serves it, its list holds it while open. */
    final LoopListener listener;
    /** The stream before this one in {@link #listener}'s list of open streams; null for the first and once unlinked. */
    TcpLoopStream previous;
    /** The stream after this one in {@link #listener}'s list of open streams; null for the last and once unlinked. */
    TcpLoopStream next;
    /** The handler's per-connection state. */
    private Object attachment;

    TcpLoopStream(TcpEndpoint endpoint, LoopListener listener) {
        this.endpoint = endpoint;
        this.listener = listener;
    }

    @Override
    public int read(ByteBuf dst, int max) {
        int n = Math.min(Math.min(max, dst.writableBytes()), endpoint.readableBytes());
        return n > 0 ? endpoint.read(dst, n) : endOrNothing();
    }

    @Override
    public int skip(int max) {
        int n = Math.min(max, endpoint.readableBytes());
        return n > 0 ? endpoint.skip(n) : endOrNothing();
    }

    /** What a read that took no bytes returns: -1 once the input ended, else 0. */
    private int endOrNothing() {
        return isInputShutdown() ? -1 : 0;
    }

    @Override
    public boolean isInputShutdown() {
        return endpoint.isInputShutdown()
                || (endpoint.state() == TcpState.CLOSED && endpoint.readableBytes() == 0);
    }

    @Override
    public int readableBytes() {
        return endpoint.readableBytes();
    }

    @Override
    public int write(ByteBuf src) {
        return endpoint.write(src);
    }

    @Override
    public int writableBytes() {
        return switch (endpoint.state()) {
            case ESTABLISHED, CLOSE_WAIT -> endpoint.writableBytes();
            default -> 0;
        };
    }

    @Override
    public void shutdownOutput() {
        endpoint.shutdownOutput();
    }

    @Override
    public void close() {
        endpoint.close();
    }

    @Override
    public void abort() {
        endpoint.abort();
    }

    @Override
    public void setNoDelay(boolean noDelay) {
        endpoint.setNoDelay(noDelay);
    }

    @Override
    public void setKeepalive(Keepalive keepalive) {
        endpoint.setKeepalive(keepalive);
    }

    @Override
    public void setUserTimeout(Duration timeout) {
        endpoint.setUserTimeout(timeout);
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    public InetSocketAddress localAddress() {
        return endpoint.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return endpoint.remoteAddress();
    }

    // ---- engine upcalls

    @Override
    public void onReadable(TcpEndpoint e) {
        listener.readable(this);
    }

    @Override
    public void onWritable(TcpEndpoint e) {
        listener.writable(this);
    }

    @Override
    public void onClosed(TcpEndpoint e, IOException error) {
        listener.closed(this, error);
    }

    @Override
    public String toString() {
        return "LoopStream[" + endpoint + "]";
    }
}

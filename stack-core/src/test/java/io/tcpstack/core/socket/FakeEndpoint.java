package io.tcpstack.core.socket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.tcp.TcpEndpoint;
import io.tcpstack.core.tcp.TcpEndpointEvents;
import io.tcpstack.core.tcp.TcpState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.CountDownLatch;

/**
 * One end of a {@link FakeTcpService} connection. Bytes accepted by {@link #write} wait in the send
 * buffer until the peer's receive buffer has room (a loop task moves them, like the network
 * would); the FIN follows the last byte. ABORT resets the peer. States follow RFC 9293 loosely:
 * enough for the socket layer to see ESTABLISHED, half-closes and CLOSED.
 */
final class FakeEndpoint implements TcpEndpoint {
    private final FakeTcpService service;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;

    /** Counted down the first time a SEND leaves the send buffer full. */
    final CountDownLatch sendBufferFilled = new CountDownLatch(1);

    /** Counted down when the user aborts this end. */
    final CountDownLatch aborted = new CountDownLatch(1);

    private FakeEndpoint peer;
    private TcpEndpointEvents events = new TcpEndpointEvents() {};
    private TcpState state;

    /** Bytes accepted by SEND and not yet in the peer's receive buffer. */
    private final ByteBuf sendBuffer = Unpooled.buffer();

    /** Bytes arrived in order and not yet RECEIVEd. */
    private final ByteBuf receiveBuffer = Unpooled.buffer();

    /** The user asked for a FIN after the queued bytes. */
    private boolean finQueued;

    private boolean finSent;
    private boolean finReceived;

    /** Last value given to setNoDelay (the fake sends at once either way). */
    volatile boolean noDelay;

    /** The user closed: arriving bytes are dropped. */
    private boolean inputClosed;

    FakeEndpoint(FakeTcpService service, InetSocketAddress local, InetSocketAddress remote, TcpState state) {
        this.service = service;
        this.local = local;
        this.remote = remote;
        this.state = state;
    }

    void pair(FakeEndpoint server) {
        this.peer = server;
        server.peer = this;
    }

    void establish() {
        state = TcpState.ESTABLISHED;
        events.onEstablished(this);
    }

    /** Ends the connection with {@code error} (refusal, reset). */
    void fail(IOException error) {
        state = TcpState.CLOSED;
        sendBuffer.clear();
        receiveBuffer.clear();
        events.onClosed(this, error);
    }

    @Override
    public TcpState state() {
        service.checkLoop();
        return state;
    }

    @Override
    public InetSocketAddress localAddress() {
        service.checkLoop();
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        service.checkLoop();
        return remote;
    }

    @Override
    public int writableBytes() {
        service.checkLoop();
        return service.sendBufferSize - sendBuffer.readableBytes();
    }

    @Override
    public int write(ByteBuf data) {
        service.checkLoop();
        if (finQueued || (state != TcpState.ESTABLISHED && state != TcpState.CLOSE_WAIT)) {
            throw new IllegalStateException("connection closing: " + state);
        }
        int n = Math.min(writableBytes(), data.readableBytes());
        sendBuffer.writeBytes(data, n);
        if (writableBytes() == 0) {
            sendBufferFilled.countDown();
        }
        service.later(this::transmit);
        return n;
    }

    @Override
    public int readableBytes() {
        service.checkLoop();
        return receiveBuffer.readableBytes();
    }

    @Override
    public int read(ByteBuf dst, int max) {
        service.checkLoop();
        int n = Math.min(max, receiveBuffer.readableBytes());
        dst.writeBytes(receiveBuffer, n);
        return taken(n);
    }

    @Override
    public int skip(int max) {
        service.checkLoop();
        int n = Math.min(max, receiveBuffer.readableBytes());
        receiveBuffer.skipBytes(n);
        return taken(n);
    }

    /** {@code n} bytes left the receive buffer: the peer may send more. */
    private int taken(int n) {
        receiveBuffer.discardReadBytes();
        if (n > 0 && peer != null) {
            service.later(peer::transmit);
        }
        return n;
    }

    @Override
    public boolean isInputShutdown() {
        service.checkLoop();
        return finReceived && !receiveBuffer.isReadable();
    }

    @Override
    public void shutdownOutput() {
        service.checkLoop();
        if (finQueued || (state != TcpState.ESTABLISHED && state != TcpState.CLOSE_WAIT)) {
            throw new IllegalStateException("connection closing: " + state);
        }
        finQueued = true;
        updateState();
        service.later(this::transmit);
    }

    @Override
    public void close() {
        service.checkLoop();
        inputClosed = true;
        receiveBuffer.clear(); // in CLOSED: frees what an orderly end kept, as the engine does
        if (!finQueued && state != TcpState.CLOSED) {
            shutdownOutput();
        }
    }

    @Override
    public void abort() {
        service.checkLoop();
        if (state == TcpState.CLOSED) {
            receiveBuffer.clear(); // frees what an orderly end kept, as the engine does
            return;
        }
        state = TcpState.CLOSED;
        sendBuffer.clear();
        receiveBuffer.clear();
        aborted.countDown();
        if (peer != null) {
            service.later(() -> {
                if (peer.state != TcpState.CLOSED) {
                    peer.fail(new SocketException("Connection reset"));
                }
            });
        }
    }

    @Override
    public void setNoDelay(boolean noDelay) {
        service.checkLoop();
        this.noDelay = noDelay;
    }

    @Override
    public void setKeepalive(io.tcpstack.core.tcp.Keepalive keepalive) {
        service.checkLoop();
    }

    @Override
    public void setUserTimeout(java.time.Duration timeout) {
        service.checkLoop();
    }

    @Override
    public void setEvents(TcpEndpointEvents events) {
        service.checkLoop();
        this.events = events;
    }

    /** Moves what the peer's receive buffer has room for, then the FIN once nothing is left. */
    private void transmit() {
        if (state == TcpState.CLOSED || peer.state == TcpState.CLOSED) {
            return;
        }
        int n = Math.min(sendBuffer.readableBytes(), peer.receiveRoom());
        if (n > 0) {
            if (peer.inputClosed) {
                sendBuffer.skipBytes(n);
            } else {
                peer.receiveBuffer.writeBytes(sendBuffer, n);
                peer.events.onReadable(peer);
            }
            sendBuffer.discardReadBytes();
            events.onWritable(this);
        }
        if (finQueued && !finSent && !sendBuffer.isReadable()) {
            finSent = true;
            peer.finReceived = true;
            peer.updateState();
            updateState();
            peer.events.onReadable(peer);
        }
    }

    private int receiveRoom() {
        return inputClosed ? Integer.MAX_VALUE : service.receiveBufferSize - receiveBuffer.readableBytes();
    }

    private void updateState() {
        if (state == TcpState.CLOSED) {
            return;
        }
        if (finSent && finReceived) {
            state = TcpState.CLOSED;
            events.onClosed(this, null);
        } else if (finQueued) {
            state = finReceived ? TcpState.LAST_ACK : finSent ? TcpState.FIN_WAIT_2 : TcpState.FIN_WAIT_1;
        } else if (finReceived) {
            state = TcpState.CLOSE_WAIT;
        }
    }
}

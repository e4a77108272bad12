package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.RST;
import static io.tcpstack.core.wire.TcpHeader.SYN;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A passive OPEN: the LISTEN state of RFC 9293 §3.10.7.2 with a bounded SYN queue (half-open
 * connections in SYN_RECEIVED) and a bounded accept queue (connections that completed the
 * handshake and were handed to {@code onAccept} but not yet claimed by the user through
 * {@link TcpEndpoint#setEvents}). A SYN beyond either bound is dropped and counted, so the
 * peer retries it later. Loop-confined.
 */
final class TcpListener implements TcpService.TcpListenerHandle {
    private final TcpLayer layer;
    private final int port;
    /** Most half-open connections kept at once: min(backlog, config.maxSynBacklog). */
    private final int synQueueLimit;
    /** Most handed-over, unclaimed connections at once: min(backlog, config.maxAcceptBacklog). */
    private final int acceptQueueLimit;
    private final Consumer<TcpEndpoint> onAccept;
    /** Half-open connections this listener created (all in SYN_RECEIVED). */
    private final Set<TcpConnection> synQueue = new LinkedHashSet<>();
    /** Established connections handed to {@link #onAccept} whose user has not called setEvents yet. */
    private final Set<TcpConnection> acceptQueue = new LinkedHashSet<>();
    /** Closed by the user: the port is free again. */
    private boolean closed;

    TcpListener(TcpLayer layer, int port, int backlog, Consumer<TcpEndpoint> onAccept) {
        this.layer = layer;
        this.port = port;
        int b = Math.max(1, backlog);
        this.synQueueLimit = Math.min(b, layer.config().maxSynBacklog());
        this.acceptQueueLimit = Math.min(b, layer.config().maxAcceptBacklog());
        this.onAccept = onAccept;
    }

    /** §3.10.7.2 LISTEN STATE, for a segment that matches no connection. */
    void segmentArrives(int remoteAddress, Segment seg) {
        // First, check for a RST: ignore it
        if (seg.has(RST)) {
            layer.drop(null, seg, DropReason.RST_IGNORED);
            return;
        }
        // Second, check for an ACK: <SEQ=SEG.ACK><CTL=RST>
        if (seg.has(ACK)) {
            layer.drop(null, seg, DropReason.BAD_ACK);
            layer.sendReset(remoteAddress, port, seg.sourcePort, seg.ack, 0, RST);
            return;
        }
        // Third, check for a SYN
        if (!seg.has(SYN)) {
            layer.drop(null, seg, DropReason.NO_SYN); // fourth: other control or text
            return;
        }
        if (synQueue.size() >= synQueueLimit) {
            layer.drop(null, seg, DropReason.SYN_QUEUE_FULL);
            return;
        }
        if (!hasAcceptRoom()) {
            layer.drop(null, seg, DropReason.ACCEPT_QUEUE_FULL);
            return;
        }
        TcpConnection child = layer.newConnection(port, remoteAddress, seg.sourcePort, this);
        synQueue.add(child);
        child.openPassive(seg);
    }

    /** True if one more connection may complete its handshake and wait to be claimed. */
    boolean hasAcceptRoom() {
        return acceptQueue.size() < acceptQueueLimit;
    }

    /** A half-open connection reached ESTABLISHED: it moves to the accept queue and goes to the user. */
    void established(TcpConnection child) {
        synQueue.remove(child);
        acceptQueue.add(child);
        onAccept.accept(child);
    }

    /** The user took the connection over (setEvents). */
    void claimed(TcpConnection child) {
        acceptQueue.remove(child);
    }

    /** The connection's TCB was deleted while this listener held it. */
    void gone(TcpConnection child) {
        synQueue.remove(child);
        acceptQueue.remove(child);
    }

    int synQueueSize() {
        return synQueue.size();
    }

    int acceptQueueSize() {
        return acceptQueue.size();
    }

    @Override
    public int port() {
        return port;
    }

    /** Stops listening; resets the half-open connections and those not yet claimed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        layer.removeListener(this);
        for (TcpConnection c : new ArrayList<>(synQueue)) {
            c.abort();
        }
        for (TcpConnection c : new ArrayList<>(acceptQueue)) {
            c.abort();
        }
        layer.flush();
    }
}

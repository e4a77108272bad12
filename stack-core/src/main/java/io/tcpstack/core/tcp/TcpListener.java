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
 * {@link TcpEndpoint#setEvents}). A SYN beyond the accept queue is dropped and counted, so the
 * peer retries it later; one beyond the SYN queue is answered with a SYN cookie (RFC 4987 §3.6,
 * {@link StatelessHandshake}) unless {@link TcpConfig#synCookies} is {@link SynCookieMode#NEVER},
 * which drops and counts it too. A connection request beyond {@link TcpConfig#maxConnections} is
 * refused with RST. On a multi-queue link the listener runs on every queue
 * ({@link TcpConfig#steering}), and each queue's listener holds its share of both queues.
 * Loop-confined.
 */
final class TcpListener implements TcpService.TcpListenerHandle {
    /**
     * How long after its last cookie a listener takes ACKs as cookies (Linux's
     * {@code TCP_SYNCOOKIE_VALID}, the age limit of a cookie): outside a flood, an ACK for no
     * connection is not worth a hash, and a blind attacker gets no cookie oracle.
     */
    private static final long COOKIE_ACK_WINDOW_NANOS = 120_000_000_000L;
    private final TcpLayer layer;
    private final int port;
    /** Most half-open connections kept at once: min(backlog, config.maxSynBacklog), this queue's share of it. */
    private final int synQueueLimit;
    /** Most handed-over, unclaimed connections at once: min(backlog, config.maxAcceptBacklog), this queue's share of it. */
    private final int acceptQueueLimit;
    private final Consumer<TcpEndpoint> onAccept;
    /** Half-open connections this listener created (all in SYN_RECEIVED). */
    private final Set<TcpConnection> synQueue = new LinkedHashSet<>();
    /** Established connections handed to {@link #onAccept} whose user has not called setEvents yet. */
    private final Set<TcpConnection> acceptQueue = new LinkedHashSet<>();
    /** When this listener last answered a SYN with a cookie; a cookie ACK is looked at only within {@link #COOKIE_ACK_WINDOW_NANOS}. */
    private long lastCookieNanos;
    private boolean cookiesSent;
    /** Closed by the user: the port is free again. */
    private boolean closed;

    TcpListener(TcpLayer layer, int port, int backlog, Consumer<TcpEndpoint> onAccept) {
        this.layer = layer;
        this.port = port;
        int b = Math.max(1, backlog);
        int queues = layer.config().steering().queues();
        this.synQueueLimit = share(Math.min(b, layer.config().maxSynBacklog()), queues);
        this.acceptQueueLimit = share(Math.min(b, layer.config().maxAcceptBacklog()), queues);
        this.onAccept = onAccept;
    }

    /**
     * One queue's part of a listener's {@code limit}: the listener runs on every queue and each
     * queue's flows are its own, so the queues split the backlog evenly, rounded up.
     */
    private static int share(int limit, int queues) {
        return (limit + queues - 1) / queues;
    }

    /** §3.10.7.2 LISTEN STATE, for a segment that matches no connection. */
    void segmentArrives(int remoteAddress, Segment seg) {
        // First, check for a RST: ignore it
        if (seg.has(RST)) {
            layer.drop(null, seg, DropReason.RST_IGNORED);
            return;
        }
        // Second, check for an ACK: <SEQ=SEG.ACK><CTL=RST>, unless it returns a SYN cookie
        if (seg.has(ACK)) {
            if (!seg.has(SYN) && mayHoldCookie() && layer.statelessHandshake().complete(this, remoteAddress, seg)) {
                return;
            }
            layer.drop(null, seg, DropReason.BAD_ACK);
            layer.resetForNoConnection(remoteAddress, seg); // <SEQ=SEG.ACK><CTL=RST>, within the RST limit: no connection matches
            return;
        }
        // Third, check for a SYN
        if (!seg.has(SYN)) {
            layer.drop(null, seg, DropReason.NO_SYN); // fourth: other control or text
            return;
        }
        if (!hasAcceptRoom()) {
            layer.drop(null, seg, DropReason.ACCEPT_QUEUE_FULL);
            return;
        }
        DropReason refused = layer.admission();
        if (refused != null) {
            layer.drop(null, seg, refused);
            layer.resetForNoConnection(remoteAddress, seg);
            return;
        }
        SynCookieMode cookies = layer.config().synCookies();
        if (cookies == SynCookieMode.ALWAYS || cookies == SynCookieMode.AUTO && synQueue.size() >= synQueueLimit) {
            layer.statelessHandshake().answer(remoteAddress, port, seg);
            lastCookieNanos = layer.now();
            cookiesSent = true;
            return;
        }
        if (synQueue.size() >= synQueueLimit) {
            layer.drop(null, seg, DropReason.SYN_QUEUE_FULL);
            return;
        }
        adopt(remoteAddress, seg.sourcePort).openPassive(seg);
    }

    /** Whether an unexpected ACK may return one of this listener's cookies: it sent some lately. */
    private boolean mayHoldCookie() {
        return cookiesSent && layer.now() - lastCookieNanos <= COOKIE_ACK_WINDOW_NANOS;
    }

    /** A new connection of this listener, half-open until its handshake completes. */
    TcpConnection adopt(int remoteAddress, int remotePort) {
        TcpConnection child = layer.newConnection(port, remoteAddress, remotePort, this);
        synQueue.add(child);
        return child;
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

    ListenerInfo info() {
        return new ListenerInfo(layer.localAddress(), port, synQueue.size(), synQueueLimit, acceptQueue.size(),
                acceptQueueLimit);
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

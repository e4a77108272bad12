package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.SYN;

import io.tcpstack.core.wire.TcpHeader;
import io.tcpstack.core.wire.TcpOptions;

/**
 * The SYN cookie handshake of a listener (RFC 4987 §3.6): answers a SYN with a SYN-ACK whose
 * {@link SynCookies cookie} holds what a half-open connection would have kept, and opens the
 * connection when an ACK returns a valid cookie, as if it had been in SYN_RECEIVED all along.
 * One per layer; loop-confined, no state per SYN.
 *
 * <p>A flood that outruns the stack fills the link's queue, and a legitimate connection's segments
 * are then dropped there with the flood's. Each SYN-ACK costs a write to the link, the most a SYN
 * costs, so while the stack is behind it sheds them: once a read batch has answered
 * {@link #ANSWERS_PER_BATCH} SYNs, and the batch before answered as many, further cookie SYNs of the
 * batch are dropped ({@link DropReason#COOKIE_SHED}); the peer retransmits (RFC 9293 §3.8.1). A
 * burst of real clients in one batch is answered in full; only a flood sustained over batches is
 * shed, and still every batch answers its share, so a client's SYN gets through with a chance of
 * that share of the flood.
 */
final class StatelessHandshake {
    /** Cookie SYN-ACKs a read batch sends before it sheds, if the batch before also sent as many. */
    static final int ANSWERS_PER_BATCH = 8;

    private final TcpLayer layer;
    private final SynCookies cookies;
    /** Window scale we offer: the one a connection with the configured receive buffer offers. */
    private final int offeredShift;
    /** Window of the SYN-ACK (never scaled, RFC 7323 §2.2). */
    private final int synWindow;
    /** Cookie SYN-ACKs sent in the read batch under way. */
    private int answeredInBatch;
    /** The read batch before this one sent {@link #ANSWERS_PER_BATCH} or more: this one sheds beyond its share. */
    private boolean behind;

    StatelessHandshake(TcpLayer layer, SynCookies cookies) {
        this.layer = layer;
        this.cookies = cookies;
        this.offeredShift = TcpReceiver.shiftFor(layer.config().receiveBufferSize());
        this.synWindow = Math.min(layer.config().startingReceiveBuffer(), TcpHeader.MAX_WINDOW);
    }

    /**
     * <SEQ=cookie><ACK=SEG.SEQ+1><CTL=SYN,ACK> with our MSS and, accepting what the SYN offered,
     * window scale, SACK-permitted and timestamps; the TSval's low bits carry the peer's window
     * scale and SACK-permitted. Text in the SYN is not kept (the peer sends it again).
     */
    void answer(int remoteAddress, int localPort, Segment syn) {
        if (behind && answeredInBatch >= ANSWERS_PER_BATCH) {
            layer.drop(null, syn, DropReason.COOKIE_SHED);
            return;
        }
        long now = layer.now();
        TcpOptions offered = syn.options;
        int peerMss = offered.mss() < 0 ? TcpHeader.DEFAULT_MSS : offered.mss();
        int iss = cookies.make(layer.localAddress(), localPort, remoteAddress, syn.sourcePort, syn.seq, peerMss, now);
        OutgoingSegment out = layer.outgoing(remoteAddress, localPort, syn.sourcePort);
        TcpOptions options = out.options().mss(layer.ourMss());
        if (offered.hasTimestamps()) { // without them, the ACK cannot bring window scale or SACK back (as in Linux)
            boolean scaling = offered.windowScale() >= 0;
            if (scaling) {
                options.windowScale(offeredShift);
            }
            options.sackPermitted(offered.sackPermitted());
            // TSval on the clock the connection will use: TcpConnection.openFromCookie starts it at the ISS
            int tsNow = TcpTimestamps.clock(now, iss);
            options.timestamps(SynCookies.timestamp(tsNow, scaling ? offered.windowScale() : -1, offered.sackPermitted()),
                    offered.tsVal());
        }
        layer.transmit(out.seq(iss).ack(syn.seq + 1).flags(SYN | ACK).window(synWindow));
        layer.counters().increment(TcpCounters.Counter.SYNCOOKIES_SENT);
        if (layer.inBatch()) {
            answeredInBatch++;
        }
    }

    /** A read batch begins ({@link TcpLayer#batchBegins}): it sheds if the one before answered its full share. */
    void batchBegins() {
        behind = answeredInBatch >= ANSWERS_PER_BATCH;
        answeredInBatch = 0;
    }

    /**
     * An ACK for {@code listener} that matches no connection: if it returns a cookie of ours, the
     * connection opens from it and this ACK completes its handshake. False (and counted) if it
     * does not: the caller answers it as any unexpected ACK.
     */
    boolean complete(TcpListener listener, int remoteAddress, Segment ack) {
        int mss = cookies.check(layer.localAddress(), listener.port(), remoteAddress, ack.sourcePort, ack.seq - 1,
                ack.ack - 1, layer.now());
        if (mss < 0) {
            layer.counters().increment(TcpCounters.Counter.SYNCOOKIES_FAILED);
            return false;
        }
        layer.counters().increment(TcpCounters.Counter.SYNCOOKIES_RECV);
        if (!listener.hasAcceptRoom()) {
            layer.drop(null, ack, DropReason.ACCEPT_QUEUE_FULL); // the peer retransmits; the cookie stays good
            return true;
        }
        DropReason refused = layer.admission();
        if (refused != null) {
            layer.drop(null, ack, refused);
            layer.resetForNoConnection(remoteAddress, ack);
            return true;
        }
        int windowScale = -1;
        boolean sack = false;
        if (ack.options.hasTimestamps()) {
            int echo = ack.options.tsEcr();
            windowScale = SynCookies.windowScale(echo);
            sack = SynCookies.sackPermitted(echo);
            // the echo carries options, not a send time: no RTT sample from it (RFC 7323 §4.2 takes none from a TSecr of 0)
            ack.options.timestamps(ack.options.tsVal(), 0);
        }
        TcpConnection child = listener.adopt(remoteAddress, ack.sourcePort);
        child.openFromCookie(ack, mss, windowScale, sack);
        child.segmentArrives(ack);
        return true;
    }
}

package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.FIN;
import static io.tcpstack.core.wire.TcpHeader.RST;
import static io.tcpstack.core.wire.TcpHeader.SYN;

import io.netty.buffer.ByteBuf;
import io.tcpstack.core.time.TimerScheduler;
import io.tcpstack.core.wire.TcpOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * One TCP connection as its user sees it: the user calls of RFC 9293 §3.10.1-§3.10.5 (OPEN, SEND,
 * RECEIVE, CLOSE, ABORT) on top of the state machine it inherits from {@link TcpStateMachine}
 * (SEGMENT ARRIVES, timeouts). Each call writes what it sent to the link before it returns.
 * Confined to the layer's event loop: no locks.
 */
final class TcpConnection extends TcpStateMachine {
    TcpConnection(TcpLayer layer, long id, int localPort, int remoteAddress, int remotePort, TcpListener listener) {
        super(layer, id, localPort, remoteAddress, remotePort, listener);
    }

    // ---------------------------------------------------------------- OPEN (§3.10.1)

    /** Active OPEN: select an ISS, send <SEQ=ISS><CTL=SYN>, enter SYN_SENT. */
    void openActive() {
        snd.synSent(layer.isn(localPort, remoteAddress, remotePort));
        ts.open(snd.iss());
        emitSyn();
        transition(TcpState.SYN_SENT, "active open: SYN " + u(snd.iss()) + " sent");
    }

    /**
     * LISTEN, SYN arrives (§3.10.7.2 third check): RCV.NXT = SEG.SEQ + 1, IRS = SEG.SEQ, select
     * an ISS and send <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>. Text in the SYN is not kept (the peer
     * retransmits it once the handshake completes).
     */
    void openPassive(Segment syn) {
        rcv.synReceived(syn.seq);
        negotiate(syn);
        snd.peerSyn(syn.seq);
        snd.synSent(layer.isn(localPort, remoteAddress, remotePort));
        ts.open(snd.iss());
        emitSyn();
        transition(TcpState.SYN_RECEIVED, "SYN " + u(syn.seq) + " from peer, SYN|ACK sent");
    }

    /**
     * LISTEN, an ACK returned a valid SYN cookie (RFC 4987 §3.6): the TCB the SYN would have made,
     * IRS = SEG.SEQ - 1, ISS = SEG.ACK - 1, with the MSS, window scale and SACK the cookie carried
     * and timestamps iff the ACK has them; in SYN_RECEIVED, so that this ACK completes the
     * handshake as the third segment does.
     */
    void openFromCookie(Segment ack, int peerMss, int windowScale, boolean sackPermitted) {
        int irs = ack.seq - 1;
        rcv.synReceived(irs);
        negotiate(peerMss, windowScale, sackPermitted, ack.options);
        snd.peerSyn(irs);
        snd.cookieSynSent(ack.ack - 1);
        ts.open(snd.iss());
        ts.ackSent(irs + 1); // Last.ACK.sent: the cookie SYN|ACK's
        transition(TcpState.SYN_RECEIVED, "ACK " + u(ack.ack) + " returned a SYN cookie");
    }

    // ---------------------------------------------------------------- SEND (§3.10.2)

    @Override
    public int writableBytes() {
        return snd.space();
    }

    @Override
    public int write(ByteBuf data) {
        switch (state) {
            case SYN_SENT, SYN_RECEIVED, ESTABLISHED, CLOSE_WAIT -> {
                if (snd.finQueued()) {
                    throw new IllegalStateException("connection closing: output was shut down");
                }
                int n = snd.append(data); // queued before ESTABLISHED, sent after (§3.10.2)
                snd.output();
                userCallEnds();
                return n;
            }
            case CLOSED, LISTEN -> throw new IllegalStateException("connection does not exist");
            case FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT ->
                    throw new IllegalStateException("connection closing");
        }
        throw new AssertionError(state);
    }

    // ---------------------------------------------------------------- RECEIVE (§3.10.3)

    @Override
    public int readableBytes() {
        return rcv.readable(); // in CLOSED: what an orderly end kept (see deleteTcb), else 0
    }

    @Override
    public int read(ByteBuf dst, int max) {
        return received(rcv.read(dst, max));
    }

    @Override
    public int skip(int max) {
        return received(rcv.skip(max));
    }

    /** The user took {@code n} bytes: the window opened by as much. Returns {@code n}. */
    private int received(int n) {
        if (n > 0 && state.isSynchronized() && !rcv.finReceived() && rcv.windowUpdateDue()) {
            sendAck(); // §3.8.6.2.2: the window opened by enough to tell the peer
            userCallEnds();
        }
        return n;
    }

    @Override
    public boolean isInputShutdown() {
        return rcv.finReceived() && rcv.readable() == 0;
    }

    // ---------------------------------------------------------------- CLOSE (§3.10.4)

    @Override
    public void shutdownOutput() {
        switch (state) {
            case CLOSED, LISTEN, FIN_WAIT_1, FIN_WAIT_2, CLOSING, LAST_ACK, TIME_WAIT -> {
                return; // nothing to do, or already closing
            }
            case SYN_SENT -> {
                close(); // no connection yet: delete the TCB
                return;
            }
            case SYN_RECEIVED -> snd.queueFin(); // queued until ESTABLISHED
            case ESTABLISHED -> {
                snd.queueFin();
                transition(TcpState.FIN_WAIT_1, "user closed for sending: FIN after " + snd.queued() + " queued bytes");
            }
            case CLOSE_WAIT -> {
                snd.queueFin();
                transition(TcpState.LAST_ACK, "user closed after the peer's FIN: FIN sent");
            }
        }
        snd.output();
        userCallEnds();
    }

    @Override
    public void close() {
        if (state == TcpState.SYN_SENT) {
            deleteTcb("user closed before the handshake completed", TcpState.CLOSED, null);
            return;
        }
        if (state == TcpState.CLOSED) {
            rcv.discardInput(); // what an orderly end kept for the user (see deleteTcb)
            return;
        }
        if (userClosed) {
            return;
        }
        userClosed = true;
        if (rcv.readable() > 0) {
            if (state != TcpState.TIME_WAIT) {
                abort(); // RFC 1122 §4.2.2.13 (and RFC 2525 §2.17): unread data is lost, so tell the peer with RST
                return;
            }
            rcv.discardInput(); // TIME_WAIT: both sides are done; the 2 MSL wait still runs (§3.6)
        }
        shutdownOutput();
        armFinWait2Timeout();
    }

    // ---------------------------------------------------------------- ABORT (§3.10.5)

    @Override
    public void abort() {
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> {
                emit(snd.max(), RST, null, false); // <SEQ=SND.NXT><CTL=RST> (the highest sent: see sendAck)
                deleteTcb("user abort: RST sent", TcpState.CLOSED, null);
            }
            case SYN_SENT, CLOSING, LAST_ACK, TIME_WAIT -> deleteTcb("user abort", TcpState.CLOSED, null);
            case CLOSED, LISTEN -> {
                rcv.discardInput(); // what an orderly end kept for the user (see deleteTcb)
                return;
            }
        }
        userCallEnds();
    }

    /**
     * A timer of this connection fired, the one made by {@link TcpLayer#newTimer} with its kind's
     * ordinal as tag: handled, then what it sent goes to the link (the one place where a timer's
     * segments are flushed).
     */
    @Override
    public void fire(int tag) {
        timerFires(TcpTimer.of(tag));
        layer.flush();
    }

    // ---------------------------------------------------------------- what the TCB's halves see (TcbContext)

    @Override
    public TimerScheduler.Timer newTimer(TcpTimer kind) {
        return layer.newTimer(this, kind);
    }

    @Override
    public void emit(int seq, int flags, ByteBuf payload) {
        emit(seq, flags, payload, false);
    }

    @Override
    public void retransmitSyn() {
        emitSyn();
    }

    @Override
    public long userTimeoutNanos() {
        return liveness == null ? 0 : liveness.userTimeoutNanos();
    }

    @Override
    public boolean isSynchronized() {
        return state.isSynchronized();
    }

    @Override
    public int tsoPayloadLimit() {
        return layer.tsoPayloadLimit();
    }

    @Override
    public TcpCounters counters() {
        return layer.counters();
    }

    @Override
    public MemoryBudget memory() {
        return layer.memory();
    }

    @Override
    public long delayedAckNanos() {
        return layer.config().delayedAckTimeout().toNanos();
    }

    /** A user call ends: what it sent goes to the link now. */
    private void userCallEnds() {
        layer.flush();
    }

    @Override
    public TcpState state() {
        return state;
    }

    @Override
    public InetSocketAddress localAddress() {
        return TcpLayer.socketAddress(layer.localAddress(), localPort);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return TcpLayer.socketAddress(remoteAddress, remotePort);
    }

    @Override
    public void setNoDelay(boolean noDelay) {
        snd.noDelay(noDelay);
        if (noDelay && state.isSynchronized()) {
            snd.output();
            userCallEnds();
        }
    }

    @Override
    public void setKeepalive(Keepalive keepalive) {
        java.util.Objects.requireNonNull(keepalive, "keepalive");
        if (keepalive.enabled() || liveness != null) {
            liveness().keepalive(keepalive, now());
        }
    }

    @Override
    public void setUserTimeout(java.time.Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("user timeout must not be negative: " + timeout);
        }
        if (!timeout.isZero() || liveness != null) {
            liveness().userTimeout(timeout);
        }
    }

    /**
     * This connection's congestion control, instead of the stack's ({@link TcpConfig#congestionControl()}).
     * Meant for before the transfer starts: chosen later, the new controller starts from the initial window.
     */
    public void setCongestionControl(CongestionControl.Factory factory) {
        snd.congestionControl(java.util.Objects.requireNonNull(factory, "congestion control"));
    }

    @Override
    public void setEvents(TcpEndpointEvents events) {
        this.events = events == null ? NO_EVENTS : events;
        if (listener != null && state != TcpState.SYN_RECEIVED) {
            listener.claimed(this); // leaves the accept queue
            listener = null;
        }
        if (deleted) {
            notifyClosed(); // it ended before the user took it over
        }
    }

    ConnectionInfo info() {
        return new ConnectionInfo(id, layer.localAddress(), localPort, remoteAddress, remotePort, state,
                state == TcpState.CLOSED ? 0 : snd.queued(), readableBytes(), TcpInfo.of(snapshot(), now()));
    }

    /** A copy of this connection's TCB (call on the event loop). */
    TcbSnapshot snapshot() {
        TcbSnapshot.Builder s = new TcbSnapshot.Builder();
        s.state = state;
        s.sndWindShift = sndWindShift;
        s.timestamps = ts.enabled;
        s.tsRecent = ts.recent;
        snd.describe(s);
        rcv.describe(s);
        describeTimers(s);
        return s.build();
    }

    @Override
    public String toString() {
        return TcpTransition.address(layer.localAddress()) + ":" + localPort + " > "
                + TcpTransition.address(remoteAddress) + ":" + remotePort + " " + state;
    }
}

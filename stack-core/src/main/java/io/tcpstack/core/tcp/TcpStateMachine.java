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
 * The state machine of one TCP connection: RFC 9293 §3.10.7 "SEGMENT ARRIVES" in the RFC's
 * order of checks, with RFC 5961's blind-attack defences, and the timeouts of §3.10.8. It owns
 * the connection's state and its TCB: the send and receive halves in {@link TcpSender} and
 * {@link TcpReceiver}, which see the connection only as their {@link TcbContext}, and the
 * options both SYNs agreed on; every segment leaves through {@link #emit}. The user's calls
 * (§3.10.1-§3.10.5) are {@link TcpConnection}'s, its only subclass. Whoever delivers an event
 * writes what it sent to the link once it is processed: the link after its read batch, the layer
 * after a timer fires ({@link TcpLayer#newTimer}), each user call before it returns. Confined to
 * the layer's event loop: no locks.
 */
abstract sealed class TcpStateMachine implements TcpEndpoint, TcbContext, TimerScheduler.Task permits TcpConnection {
    static final TcpEndpointEvents NO_EVENTS = new TcpEndpointEvents() {};

    final TcpLayer layer;
    /** Unique per layer, in creation order. */
    final long id;
    final int localPort;
    final int remoteAddress;
    final int remotePort;
    /**
     * The listener holding this connection: in its SYN queue while SYN_RECEIVED, then in its
     * accept queue until the user claims it with {@link TcpConnection#setEvents}; null for active opens and
     * once claimed.
     */
    TcpListener listener;
    /** Upcalls owed to the user, delivered when the current event is fully processed. */
    private int pendingUpcalls;
    /** This connection is in the layer's list of ACKs to send when the read batch ends ({@link #readBatchEnded}). */
    private boolean ackQueuedForBatchEnd;
    private static final int UPCALL_ESTABLISHED = 1;
    private static final int UPCALL_WRITABLE = 2;
    private static final int UPCALL_READABLE = 4;
    /** The TCB was deleted (the connection ended; it cannot be reopened). */
    boolean deleted;
    /** Why the TCB was deleted (null: orderly or by the user), reported by onClosed. */
    IOException closeError;
    /** Current state; CLOSED both before OPEN and after the TCB is deleted. */
    TcpState state = TcpState.CLOSED;
    TcpEndpointEvents events = NO_EVENTS;
    /** onClosed was delivered (at most once; a connection closed while unclaimed reports it on {@link #setEvents}). */
    boolean closeNotified;
    /** The user called CLOSE (not just shutdownOutput): text arriving now is answered with RST. */
    boolean userClosed;
    final TcpSender snd;
    final TcpReceiver rcv;
    /** Timestamps (RFC 7323 §3-§5): TS.Recent, RTTM, PAWS. */
    final TcpTimestamps ts = new TcpTimestamps();
    /** Window scaling is in use: both SYNs carried the option (RFC 7323 §2.2). */
    boolean windowScaling;
    /** Snd.Wind.Shift (RFC 7323 §2.2): applied to SEG.WND of every arriving non-SYN segment; 0 without scaling. */
    int sndWindShift;
    /** {@link TcpTimer#CLOSE}: TIME_WAIT's 2*MSL, and the FIN_WAIT_2 timeout of a fully closed connection; made when first armed. */
    private TimerScheduler.Timer closeTimer;
    /** Keep-alive and user timeout; null while both are off (the default). */
    Liveness liveness;

    TcpStateMachine(TcpLayer layer, long id, int localPort, int remoteAddress, int remotePort, TcpListener listener) {
        this.layer = layer;
        this.id = id;
        this.localPort = localPort;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
        this.listener = listener;
        TcpConfig config = layer.config();
        this.snd = new TcpSender(this, config, ts, new SendBuffer(layer.alloc(), config.sendBufferSize()));
        this.rcv = new TcpReceiver(this, config.startingReceiveBuffer(), config.receiveBufferSize(), layer.ourMss());
        if (listener != null) {
            state = TcpState.LISTEN; // a passive open's TCB starts from its listener's state
        }
        if (config.keepalive().enabled() || !config.userTimeout().isZero()) {
            liveness().userTimeout(config.userTimeout());
            liveness.keepalive(config.keepalive(), now());
        }
    }

    /** Records the TIME_WAIT/FIN_WAIT_2 or keep-alive timer in a snapshot unless the sender's runs. */
    final void describeTimers(TcbSnapshot.Builder s) {
        s.timer(TcpTimer.CLOSE, closeTimer);
        if (liveness != null) {
            liveness.describe(s);
        }
    }

    /** {@link #liveness}, made on first use. */
    final Liveness liveness() {
        if (liveness == null) {
            liveness = new Liveness(this, now());
        }
        return liveness;
    }

    // ---------------------------------------------------------------- SEGMENT ARRIVES (§3.10.7)

    /**
     * The options of the peer's SYN (RFC 7323 §2.2, §3.2; RFC 2018 §2): our SYN offers window
     * scaling, timestamps and SACK, so each is used iff the peer's SYN carries it too. The
     * effective send MSS leaves room for the timestamps every segment then carries.
     */
    void negotiate(Segment syn) {
        TcpOptions o = syn.options;
        negotiate(o.mss(), o.windowScale(), o.sackPermitted(), o);
    }

    /** As {@link #negotiate(Segment)} for options known otherwise (a SYN cookie's); TS.Recent from {@code ts}' TSval. */
    void negotiate(int peerMss, int windowScale, boolean sackPermitted, TcpOptions timestamps) {
        windowScaling = windowScale >= 0;
        sndWindShift = windowScaling ? Math.min(windowScale, TcpOptions.MAX_WINDOW_SHIFT) : 0; // §2.3: above 14, use 14
        ts.peerSyn(timestamps, now());
        rcv.negotiated(windowScaling, sackPermitted);
        snd.negotiated(peerMss, rcv.mss(), ts.enabled ? TcpTimestamps.OPTION_SPACE : 0, ts.enabled, sackPermitted);
    }

    /**
     * Processes one arriving segment addressed to this connection's 4-tuple.
     *
     * @return true if the segment is not this connection's after all and the layer must dispatch
     *     it again: a SYN that ended TIME-WAIT opens a new incarnation (RFC 6191), whose listener takes it
     */
    boolean segmentArrives(Segment seg) {
        if (liveness != null) {
            liveness.heard(now());
        }
        if (!seg.has(SYN)) {
            seg.window <<= sndWindShift; // RFC 7323 §2.2: SND.WND = SEG.WND << Snd.Wind.Shift, never on a SYN
        }
        switch (state) {
            case CLOSED, LISTEN -> layer.resetForNoConnection(remoteAddress, seg); // §3.10.7.1: no TCB
            case SYN_SENT -> synSentArrives(seg);
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> {
                if (endsTimeWait(seg)) {
                    return true;
                }
                otherStateArrives(seg);
            }
        }
        if (state != TcpState.CLOSED) {
            if (rcv.ackPending()) {
                sendAck();
            } else if (rcv.ackForDataPending() && !ackQueuedForBatchEnd) {
                ackQueuedForBatchEnd = layer.deferAck(this);
                if (!ackQueuedForBatchEnd) {
                    sendAck();
                }
            }
        }
        deliverUpcalls();
        if (state != TcpState.CLOSED && !ackQueuedForBatchEnd) {
            rcv.armDelayedAck();
        }
        return false;
    }

    /**
     * The link's read batch ended: the ACK {@link TcpLayer#deferAck} held back goes out now,
     * unless a segment sent since (an answer, a window update) carried it already.
     */
    void readBatchEnded() {
        ackQueuedForBatchEnd = false;
        if (state == TcpState.CLOSED) {
            return;
        }
        if (rcv.ackForDataPending()) {
            sendAck();
        } else {
            rcv.armDelayedAck(); // a segment sent meanwhile carried the ACK; bytes that came after it still owe one
        }
    }

    /**
     * Tells the user what changed, after the segment or call that changed it was fully processed
     * (an upcall may re-enter with SEND, CLOSE or ABORT).
     */
    private void deliverUpcalls() {
        int upcalls = pendingUpcalls;
        pendingUpcalls = 0;
        if ((upcalls & UPCALL_ESTABLISHED) != 0 && state != TcpState.CLOSED) {
            if (listener != null) {
                listener.established(connection());
            } else {
                events.onEstablished(this);
            }
        }
        if ((upcalls & UPCALL_WRITABLE) != 0 && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT)) {
            events.onWritable(this);
        }
        if ((upcalls & UPCALL_READABLE) != 0 && state != TcpState.CLOSED) {
            events.onReadable(this);
        }
    }

    /** §3.10.7.3 SYN-SENT STATE. */
    private void synSentArrives(Segment seg) {
        // First, check the ACK bit: SND.UNA < SEG.ACK =< SND.NXT (our SYN is acknowledged)
        boolean ackAcceptable = seg.has(ACK) && snd.acknowledgesSyn(seg.ack);
        if (seg.has(ACK) && !ackAcceptable) {
            if (!seg.has(RST)) {
                layer.sendReset(remoteAddress, localPort, remotePort, seg.ack, 0, RST); // <SEQ=SEG.ACK><CTL=RST>
            }
            drop(seg, DropReason.BAD_ACK);
            return;
        }
        // Second, check the RST bit (RFC 5961 §3.2: only with an acceptable ACK)
        if (seg.has(RST)) {
            if (ackAcceptable) {
                deleteTcb("RST " + u(seg.seq) + " refused our SYN", TcpState.CLOSED,
                        new ConnectException("Connection refused"));
            } else {
                drop(seg, DropReason.RST_IGNORED);
            }
            return;
        }
        // Third, security: not used. Fourth, check the SYN bit
        if (!seg.has(SYN)) {
            drop(seg, DropReason.NO_SYN);
            return;
        }
        rcv.synReceived(seg.seq);
        negotiate(seg);
        if (ackAcceptable) {
            snd.handshakeAcked(seg);
            establish("SYN|ACK " + u(seg.seq) + " acknowledged our SYN");
            if (seg.dataLength() > 0 || seg.has(FIN)) {
                textAndFin(seg); // "continue processing at the sixth step"
            }
            rcv.ackNow(); // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, possibly carrying queued data
            snd.output();
        } else {
            // Simultaneous open: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>; text waits for a retransmission
            snd.setWindow(seg);
            transition(TcpState.SYN_RECEIVED, "simultaneous open: SYN " + u(seg.seq) + " crossed ours");
            emitSyn();
        }
    }

    /**
     * RFC 6191 §2 (RFC 9293 §3.10.7.4 allows it): a new connection's SYN ends TIME-WAIT early;
     * the TCB is deleted and the SYN goes on to the listener.
     */
    private boolean endsTimeWait(Segment seg) {
        if (state == TcpState.TIME_WAIT && seg.has(SYN) && !seg.has(ACK) && !seg.has(RST) && newIncarnation(seg)) {
            deleteTcb("SYN " + u(seg.seq) + " opens a new incarnation (RFC 6191)", TcpState.CLOSED, null);
            return true;
        }
        return false;
    }

    /** §3.10.7.4 SYN-RECEIVED and the synchronized states. */
    private void otherStateArrives(Segment seg) {
        if (ts.enabled && !seg.options.hasTimestamps() && !seg.has(RST)) {
            drop(seg, DropReason.NO_TIMESTAMP); // RFC 7323 §3.2: SHOULD be silently dropped
            return;
        }
        // RFC 7323 §5.3 R1: PAWS, before the sequence number check
        if (ts.rejects(seg, now(), disorderedAck(seg) ? snd.rto().rto() : 0)) {
            drop(seg, DropReason.PAWS);
            rcv.oldDuplicate(seg);
            sendAckForUnacceptable();
            return;
        }
        // First, check the sequence number (§3.4 acceptability test)
        if (!rcv.acceptable(seg)) {
            if (seg.has(RST)) {
                drop(seg, DropReason.RST_IGNORED); // RFC 5961 §3.2: outside the window
                return;
            }
            if (state == TcpState.TIME_WAIT && seg.has(FIN)) {
                armCloseTimer(); // retransmitted FIN: ACK it and restart the 2 MSL timeout
            }
            drop(seg, DropReason.OUT_OF_WINDOW);
            rcv.oldDuplicate(seg);
            sendAckForUnacceptable();
            return;
        }
        ts.accepted(seg, now()); // RFC 7323 §5.3 R3: TS.Recent
        // Second, check the RST bit (RFC 5961 §3.2)
        if (seg.has(RST)) {
            if (seg.seq != rcv.nxt()) {
                drop(seg, DropReason.RST_CHALLENGED);
                layer.challengeAck(this);
                return;
            }
            reset(seg);
            return;
        }
        // Third, security: not used. Fourth, check the SYN bit (RFC 5961 §4.2)
        if (seg.has(SYN)) {
            if (state == TcpState.SYN_RECEIVED && listener != null) {
                deleteTcb("SYN " + u(seg.seq) + " in window of a half-open connection", TcpState.LISTEN, null);
                return;
            }
            drop(seg, DropReason.SYN_CHALLENGED);
            layer.challengeAck(this);
            return;
        }
        // Fifth, check the ACK field
        if (!seg.has(ACK)) {
            drop(seg, DropReason.NO_ACK);
            return;
        }
        if (!ackArrives(seg)) {
            return;
        }
        // Sixth, the URG bit: urgent data is delivered inline, the pointer is ignored (RFC 6093).
        // Seventh and eighth: segment text, FIN
        textAndFin(seg);
        snd.output();
    }

    /**
     * RFC 6191 §2: a SYN in TIME-WAIT belongs to a new incarnation of the connection, not to the
     * old one, when its timestamp is newer than any the old one carried (TSval > TS.Recent), or,
     * when timestamps cannot tell, when its sequence number lies beyond the old one's
     * (SEG.SEQ > RCV.NXT); no old duplicate can then be taken for new data. Any other SYN gets
     * the challenge ACK of RFC 5961 §4.
     */
    private boolean newIncarnation(Segment seg) {
        if (ts.enabled && seg.options.hasTimestamps()) {
            return seg.options.tsVal() - ts.recent > 0;
        }
        return SeqNum.gt(seg.seq, rcv.nxt());
    }

    /**
     * A disordered ACK, exempt from PAWS while its TSval is less than one RTO older than TS.Recent
     * (as Linux's tcp_disordered_ack): a pure ACK (no text, SYN, FIN or RST) with SEG.SEQ =
     * RCV.NXT, SEG.ACK = SND.UNA and SEG.WND = SND.WND. RFC 7323 §5.3 R1 rejects by TSval alone,
     * but §5 guards against old duplicates whose sequence numbers wrapped; such an ACK moves no
     * sequence number and no window, so accepting it can corrupt nothing, while a peer's ACKs
     * reordered in the network (their TSvals then run backwards) carry SACK blocks and duplicate
     * ACK counts that loss recovery needs. Text, and ACKs that move SND.UNA or the window, stay
     * under PAWS; TS.Recent never takes the older TSval (§5.3 R3 requires SEG.TSval >= TS.Recent).
     */
    private boolean disorderedAck(Segment seg) {
        return seg.has(ACK) && seg.len() == 0 && seg.seq == rcv.nxt() && snd.movesNothing(seg);
    }

    /** Second check, RST with SEG.SEQ = RCV.NXT: what a reset means in each state. */
    private void reset(Segment seg) {
        String cause = "RST " + u(seg.seq) + " from peer";
        switch (state) {
            case SYN_RECEIVED -> {
                if (listener != null) {
                    deleteTcb(cause, TcpState.LISTEN, null); // passive open: back to LISTEN
                } else {
                    deleteTcb(cause, TcpState.CLOSED, new ConnectException("Connection refused"));
                }
            }
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT ->
                    deleteTcb(cause, TcpState.CLOSED, new SocketException("Connection reset"));
            case CLOSING, LAST_ACK -> deleteTcb(cause, TcpState.CLOSED,
                    userClosed ? null : new SocketException("Connection reset"));
            // §3.10.7.4 TIME-WAIT: delete the TCB, no error: our data was all acknowledged and the peer's
            // FIN received, so the stream the user reads is complete and stays readable (see deleteTcb).
            // RFC 1337 §3 (ignore RST in TIME-WAIT against TIME-WAIT assassination) is not followed:
            // RFC 9293 §3.10.7.4 keeps the RST, as Linux does by default (net.ipv4.tcp_rfc1337 = 0).
            case TIME_WAIT -> deleteTcb(cause, TcpState.CLOSED, null);
            case CLOSED, LISTEN, SYN_SENT -> throw new AssertionError(state);
        }
    }

    /**
     * Fifth check (§3.10.7.4, RFC 5961 §5.2).
     *
     * @return false if processing of the segment ends here
     */
    private boolean ackArrives(Segment seg) {
        if (state == TcpState.SYN_RECEIVED) {
            if (!snd.acknowledgesSyn(seg.ack)) {
                drop(seg, DropReason.BAD_ACK);
                layer.sendReset(remoteAddress, localPort, remotePort, seg.ack, 0, RST); // <SEQ=SEG.ACK><CTL=RST>
                return false;
            }
            if (listener != null && !listener.hasAcceptRoom()) {
                drop(seg, DropReason.ACCEPT_QUEUE_FULL); // stay half-open; our SYN|ACK is retransmitted
                return false;
            }
        }
        if (!snd.acceptableAck(seg.ack)) { // RFC 5961 §5.2
            drop(seg, DropReason.BAD_ACK);
            layer.challengeAck(this);
            return false;
        }
        int freed = snd.onAck(seg);
        switch (state) { // the cause text is built only for a transition: not per ACK
            case SYN_RECEIVED -> establish("ACK " + u(seg.ack) + " acknowledged our SYN");
            case FIN_WAIT_1 -> {
                if (snd.finAcked()) {
                    transition(TcpState.FIN_WAIT_2, "ACK " + u(seg.ack) + " acknowledged our FIN");
                    armFinWait2Timeout();
                }
            }
            case CLOSING -> {
                if (snd.finAcked()) {
                    enterTimeWait("ACK " + u(seg.ack) + " acknowledged our FIN");
                }
            }
            case LAST_ACK -> {
                if (snd.finAcked()) {
                    deleteTcb("ACK " + u(seg.ack) + " acknowledged our FIN", TcpState.CLOSED, null);
                    return false;
                }
            }
            case ESTABLISHED, FIN_WAIT_2, CLOSE_WAIT, TIME_WAIT -> {
                // TIME_WAIT: only a retransmitted FIN can arrive; it is ACKed at the eighth step
            }
            case CLOSED, LISTEN, SYN_SENT -> throw new AssertionError(state);
        }
        if (freed > 0) {
            pendingUpcalls |= UPCALL_WRITABLE;
        }
        return true;
    }

    /** Seventh (segment text) and eighth (FIN) checks of §3.10.7.4. */
    private void textAndFin(Segment seg) {
        if (seg.dataLength() > 0) {
            switch (state) {
                case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2 -> {
                    if (userClosed) {
                        drop(seg, DropReason.DATA_AFTER_CLOSE); // RFC 1122 §4.2.2.13: nobody will read it
                        emit(snd.max(), RST, null, false);
                        deleteTcb("data after close: RST sent", TcpState.CLOSED, null);
                        return;
                    }
                    if (rcv.text(seg) > 0) {
                        pendingUpcalls |= UPCALL_READABLE;
                    }
                }
                case CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT -> {
                    // the peer's FIN came before: text after it is ignored
                }
                case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED -> throw new AssertionError(state);
            }
        }
        if (!rcv.fin(seg)) {
            return;
        }
        String why = "FIN " + u(rcv.nxt() - 1) + " from peer";
        switch (state) {
            case ESTABLISHED -> transition(TcpState.CLOSE_WAIT, why);
            case FIN_WAIT_1 -> {
                if (snd.finAcked()) {
                    enterTimeWait(why + " with ACK of our FIN");
                } else {
                    transition(TcpState.CLOSING, why + " crossed ours (simultaneous close)");
                }
            }
            case FIN_WAIT_2 -> enterTimeWait(why);
            case TIME_WAIT -> armCloseTimer();
            case CLOSE_WAIT, CLOSING, LAST_ACK -> {
                // remain
            }
            case CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED -> throw new AssertionError(state);
        }
        pendingUpcalls |= UPCALL_READABLE;
    }

    // ---------------------------------------------------------------- timeouts (§3.10.8)

    /** A timer of this connection fired ({@link TcpLayer#newTimer}); {@link TcpConnection#fire} flushes what it sent. */
    void timerFires(TcpTimer kind) {
        switch (kind) {
            case DELAYED_ACK -> onDelayedAckTimeout();
            case CLOSE -> onCloseTimeout();
            case RETRANSMIT, PERSIST, REORDER, LOSS_PROBE -> snd.timerFires(kind);
            case KEEPALIVE -> liveness.fires(now()); // armed, so made
        }
    }

    private void onDelayedAckTimeout() {
        if (state != TcpState.CLOSED) {
            sendAck();
        }
    }

    /** TIME_WAIT timeout (delete the TCB), or FIN_WAIT_2 of a fully closed connection (give up on the peer). */
    private void onCloseTimeout() {
        switch (state) {
            case TIME_WAIT -> deleteTcb("2 MSL elapsed", TcpState.CLOSED, null);
            case FIN_WAIT_2 -> deleteTcb("no FIN from peer within 2 MSL after close", TcpState.CLOSED, null);
            default -> {
                // stale: the state moved on
            }
        }
    }

    /** User timeout (§3.10.8): retransmissions or probes exhausted, or the user timeout passed. */
    @Override
    public void timedOut() {
        boolean connecting = state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED;
        layer.counters().increment(TcpCounters.Counter.ABORT_ON_TIMEOUT);
        String why = liveness != null && liveness.userTimeoutNanos() > 0 ? "user timeout passed" : "retransmission limit reached";
        deleteTcb(why + " (" + snd.retries() + " retries)", TcpState.CLOSED,
                new SocketTimeoutException(connecting ? "Connect timed out" : "Connection timed out"));
    }

    /** Keep-alive gave up on a silent peer ({@link Liveness}): reset (as Linux does, should it come back) and abort. */
    void keepaliveExpired(int probes, long silentNanos) {
        emit(snd.max(), RST, null, false);
        layer.counters().increment(TcpCounters.Counter.ABORT_ON_TIMEOUT);
        deleteTcb("keep-alive: " + probes + " probes unanswered, peer silent for " + silentNanos / 1_000_000 + " ms",
                TcpState.CLOSED, new SocketTimeoutException("Connection timed out"));
    }

    // ---------------------------------------------------------------- output

    /**
     * <SEQ=ISS><CTL=SYN> or, once the peer's SYN is in, <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>; with
     * our MSS and the extensions offered (or, answering a SYN, accepted).
     */
    void emitSyn() {
        emit(snd.iss(), rcv.synSeen() ? SYN | ACK : SYN, null, true);
    }

    /**
     * <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>: ACKs, window updates, challenge ACKs. The RFC's SND.NXT
     * is the highest sequence sent ({@link TcpSender#max}): while go-back-N has pulled the sender's
     * next sequence back, the peer may already hold more, and would find an ACK carrying the lower
     * sequence number outside its window and ignore its acknowledgment.
     */
    void sendAck() {
        emit(snd.max(), ACK, null, false);
    }

    /** The ACK for an unacceptable segment; a half-open passive connection answers with its SYN|ACK again. */
    private void sendAckForUnacceptable() {
        if (state == TcpState.SYN_RECEIVED) {
            emitSyn();
        } else {
            sendAck();
        }
    }

    /**
     * Every segment of this connection leaves here: the ACK field and window come from the
     * receive half (which then owes no ACK), the layer retains a slice of the payload (caller keeps its own reference).
     * Options: on a SYN our MSS and the extensions (offered by a bare SYN, accepted by a SYN|ACK);
     * timestamps on every segment once negotiated (RFC 7323 §3.2); SACK blocks on ACKs while
     * there is out-of-order data or a duplicate to report, as many as fit beside the payload
     * within the MSS (RFC 2018 §3).
     */
    void emit(int seq, int flags, ByteBuf payload, boolean synOptions) {
        long now = now();
        boolean offering = synOptions && !rcv.synSeen();
        int ack = 0;
        int window = 0;
        if ((flags & ACK) != 0) {
            ack = rcv.nxt();
            window = rcv.ackSent((flags & SYN) != 0);
            ts.ackSent(ack);
        } else if ((flags & SYN) != 0) {
            window = rcv.synWindow();
        }
        OutgoingSegment out = layer.outgoing(remoteAddress, localPort, remotePort);
        TcpOptions options = out.options();
        if (synOptions) {
            options.mss(rcv.mss());
            if (offering || windowScaling) {
                options.windowScale(rcv.offeredShift());
            }
            options.sackPermitted(offering || rcv.sackPermitted());
        }
        if (ts.enabled || offering) {
            ts.fill(options, flags, now);
        }
        boolean sacking = false;
        if ((flags & (ACK | SYN | RST)) == ACK) {
            int room = snd.mss() - (payload == null ? 0 : payload.readableBytes()) - 4; // the SACK option's kind, length and NOP padding
            sacking = rcv.fillSack(options, Math.max(room, 0) / 8);
        }
        layer.transmit(out.seq(seq).ack(ack).flags(flags).window(window).payload(payload, snd.mss()));
        if (sacking) {
            rcv.sackSent();
        }
    }

    // ---------------------------------------------------------------- state changes

    private void establish(String cause) {
        transition(TcpState.ESTABLISHED, cause);
        pendingUpcalls |= UPCALL_ESTABLISHED;
        if (liveness != null) {
            liveness.start();
        }
        if (snd.finQueued()) {
            transition(TcpState.FIN_WAIT_1, "close queued during the handshake: FIN sent");
        }
    }

    private void enterTimeWait(String cause) {
        transition(TcpState.TIME_WAIT, cause);
        snd.stopTimers();
        if (liveness != null) {
            liveness.stop();
        }
        armCloseTimer();
    }

    void armFinWait2Timeout() {
        if (userClosed && state == TcpState.FIN_WAIT_2) {
            armCloseTimer();
        }
    }

    private void armCloseTimer() {
        if (closeTimer == null) {
            closeTimer = layer.newTimer(this, TcpTimer.CLOSE);
        }
        closeTimer.setDeadline(now() + layer.config().timeWaitNanos());
    }

    /**
     * Deletes the TCB: stops every timer, frees the buffers, leaves the table, tells the user once.
     * An orderly end (no error) of a connection the user holds and has not closed keeps the bytes
     * received before the peer's FIN readable until the user's CLOSE or ABORT: RFC 9293 §3.10.3
     * RECEIVE in CLOSING, LAST-ACK and TIME-WAIT may still return them, and deleting the TCB must
     * not lose them silently. After a reset or time-out the segment queues are flushed
     * (§3.10.7.4, §3.10.8) and the user is told by the error.
     */
    void deleteTcb(String cause, TcpState to, IOException error) {
        boolean keepInput = error == null && to == TcpState.CLOSED && !userClosed && listener == null
                && rcv.finReceived();
        snd.release();
        rcv.release(keepInput);
        if (closeTimer != null) {
            closeTimer.cancel();
        }
        if (liveness != null) {
            liveness.stop();
        }
        transition(to, cause);
        state = TcpState.CLOSED;
        layer.remove(this);
        pendingUpcalls = 0;
        if (listener != null) {
            listener.gone(connection());
            listener = null;
        }
        deleted = true;
        if (to == TcpState.CLOSED) {
            closeError = error;
            notifyClosed();
        }
    }

    void notifyClosed() {
        if (!closeNotified && events != NO_EVENTS) {
            closeNotified = true;
            events.onClosed(this, closeError);
        }
    }

    void transition(TcpState to, String cause) {
        TcpState from = state;
        state = to;
        layer.transition(this, from, to, cause);
    }

    private void drop(Segment seg, DropReason reason) {
        layer.drop(this, seg, reason);
    }

    // ---------------------------------------------------------------- plumbing

    @Override
    public long now() {
        return layer.now();
    }

    static String u(int seq) {
        return Integer.toUnsignedString(seq);
    }

    /** This object as the connection it is (the class is sealed). */
    final TcpConnection connection() {
        return (TcpConnection) this;
    }
}

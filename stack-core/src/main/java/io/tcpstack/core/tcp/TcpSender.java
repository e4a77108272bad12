package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.FIN;
import static io.tcpstack.core.wire.TcpHeader.PSH;
import static io.tcpstack.core.wire.TcpHeader.SYN;

import io.netty.buffer.ByteBuf;
import io.tcpstack.core.time.TimerScheduler.Timer;
import io.tcpstack.core.wire.TcpHeader;

/**
 * The send half of a connection's TCB (RFC 9293 §3.3.1 "Send Sequence Variables"): the send
 * buffer, what may be sent now (min(cwnd, rwnd) minus the flight size, RFC 5681 §3.1; sender SWS
 * avoidance §3.8.6.2.1, Nagle §3.7.4), the ACK processing of §3.10.7.4's fifth check
 * ({@link #onAck}), retransmission on timeout (RFC 6298, Karn's rule) and zero-window probing
 * with the persist timer (§3.8.6.1). The congestion window is a {@link CongestionControl}'s;
 * which segments are lost and what to resend is a {@link LossRecovery}'s, chosen once the SYNs'
 * options are known. Any congestion event whose retransmissions all prove unnecessary is undone
 * ({@link RecoveryUndo}). It reaches the rest of the connection only through its
 * {@link TcbContext}. Loop-confined.
 *
 * <p>Sequence space: ISS is the SYN; user data starts at ISS+1; the FIN, once queued, follows the
 * last byte of the send buffer.
 */
final class TcpSender {
    private final TcbContext context;
    private final TcpConfig config;
    /** The connection's timestamps (RFC 7323): TSecr of arriving ACKs, TSval of retransmissions. */
    private final TcpTimestamps ts;
    /** ISS: our initial sequence number, carried by our SYN. */
    private int iss;
    /**
     * Our SYN has been acknowledged: SND.UNA passed ISS. A flag rather than a comparison with ISS,
     * which inverts once 2^31 bytes have been acknowledged (sequence arithmetic, RFC 9293 §3.4).
     */
    private boolean synAcked;
    /** SND.UNA: oldest unacknowledged sequence number. Send-buffer byte 0 sits at {@link #dataStart()}. */
    private int una;
    /**
     * SND.NXT: next sequence number to send; SND.UNA <= SND.NXT <= {@link #max}. It moves back to
     * SND.UNA when the retransmission timer fires (go-back-N).
     */
    private int nxt;
    /**
     * Highest sequence number sent plus one (BSD's snd_max). Equals SND.NXT except while
     * retransmitting after a timeout; ACKs up to it are acceptable (RFC 5961 §5.2 "SND.NXT").
     */
    private int max;
    /** SND.WND: the peer's offered window, relative to {@link #wl2}. */
    private int wnd;
    /** SND.WL1: SEG.SEQ of the segment that last updated SND.WND. */
    private int wl1;
    /** SND.WL2: SEG.ACK of the segment that last updated SND.WND. */
    private int wl2;
    /** MAX.SND.WND: largest window the peer ever offered (RFC 5961 §5.2; SWS "Fs" test). */
    private int maxWnd;
    /** Eff.snd.MSS (RFC 9293 §3.7.1): min(peer's MSS option or 536, our MTU - 40). */
    private int mss = TcpHeader.DEFAULT_MSS;
    /** Bytes the user handed to SEND, from the first unacknowledged one. */
    private final SendBuffer buffer;
    /** The user closed for sending: a FIN follows the buffered data. */
    private boolean finQueued;
    /** Our FIN was acknowledged (only with {@link #finQueued}). */
    private boolean finAcked;
    /** Nagle's algorithm on (RFC 9293 §3.7.4). */
    private boolean nagle;
    /** SRTT/RTTVAR/RTO with backoff (RFC 6298). */
    private final RtoEstimator rto;
    /** Makes {@link #cc} once the MSS is known; the stack's default or the user's choice. */
    private CongestionControl.Factory congestionFactory;
    /** The congestion window (RFC 5681); null until the MSS is known ({@link #negotiated}). */
    private CongestionControl cc;
    /** Duplicate-ACK counting and the phases of fast recovery (RFC 5681 §3.2, RFC 6582, RFC 6675 §5). */
    private final FastRecovery recovery = new FastRecovery();
    /** Finds and repairs losses: NewReno until SACK is negotiated. */
    private LossRecovery lossRecovery;
    /** Whether the last congestion event proves spurious (RFC 3522, RFC 3708); made by the first congestion event. */
    private RecoveryUndo undo;
    /** When a segment occupying sequence space was last sent, for the restart window (RFC 5681 §4.1). */
    private long lastSendTime;
    /** {@link TcpTimer#RETRANSMIT}; armed iff data, SYN or FIN is outstanding. */
    private final Timer retransmitTimer;
    /** Zero-window probing (RFC 9293 §3.8.6.1); made when first armed. */
    private PersistTimer persistTimer;
    /** Consecutive retransmission timeouts without progress (RFC 1122 §4.2.3.5 R2). */
    private int retries;
    /** When the peer last acknowledged something new, or something became outstanding: where the user timeout counts from. */
    private long progressAt;

    TcpSender(TcbContext context, TcpConfig config, TcpTimestamps ts, SendBuffer buffer) {
        this.context = context;
        this.config = config;
        this.ts = ts;
        this.buffer = buffer;
        this.retransmitTimer = context.newTimer(TcpTimer.RETRANSMIT);
        this.nagle = config.nagle();
        this.rto = new RtoEstimator(config);
        this.congestionFactory = config.congestionControl();
        this.lossRecovery = new RenoRecovery(this);
    }

    // ---------------------------------------------------------------- opening

    /**
     * Chooses the congestion control. Once the MSS is known the new controller replaces the
     * current one and starts afresh from the initial window.
     */
    void congestionControl(CongestionControl.Factory factory) {
        congestionFactory = factory;
        if (cc != null) {
            cc = factory.create(mss);
        }
    }

    /** Our SYN (or SYN-ACK) is being sent for the first time: SND.UNA = ISS, SND.NXT = ISS + 1. */
    void synSent(int iss) {
        this.iss = iss;
        synAcked = false;
        una = iss;
        nxt = iss + 1;
        max = nxt;
        recovery.start(iss);
        lastSendTime = context.now();
        rto.sent(iss + 1, lastSendTime);
        progressAt = lastSendTime;
        armRetransmit();
    }

    /** Our SYN-ACK went out as a SYN cookie (RFC 4987 §3.6) at a time not kept: as {@link #synSent}, nothing timed. */
    void cookieSynSent(int iss) {
        synSent(iss);
        rto.stopTiming();
    }

    /** LISTEN, a SYN arrived (§3.10.7.2): SND.WL1 = SEG.SEQ, so the handshake's ACK updates the window. */
    void peerSyn(int seq) {
        wl1 = seq;
    }

    /**
     * The peer's SYN options are in (RFC 9293 §3.7.1, RFC 2018, RFC 7323 §4.2). Eff.snd.MSS is the
     * peer's MSS option (536 when absent), bounded by our own MSS, less the {@code optionSpace}
     * bytes of options every segment carries; RTT comes from timestamps when they are in use; loss
     * recovery is RACK-TLP with SACK, NewReno without.
     */
    void negotiated(int optionMss, int ourMss, int optionSpace, boolean timestamps, boolean sack) {
        int peer = optionMss < 0 ? TcpHeader.DEFAULT_MSS : optionMss;
        mss = Math.max(1, Math.min(peer, ourMss) - optionSpace);
        cc = congestionFactory.create(mss);
        rto.timestamps(timestamps);
        recovery.sack(sack);
        lossRecovery = sack ? new SackRecovery(this, context, ts) : lossRecovery; // NewReno is there from the start
    }

    // ---------------------------------------------------------------- SEND and CLOSE (§3.10.2, §3.10.4)

    /** Free room in the send buffer, as far as the layer's {@link MemoryBudget} grants it. */
    int space() {
        return context.memory().grant(buffer.space(), buffer.size());
    }

    /** SEND: queues what fits of {@code data}; returns the bytes taken. Call {@link #output()} after. */
    int append(ByteBuf data) {
        int n = buffer.append(data, space());
        context.memory().charge(n);
        return n;
    }

    /** Bytes in the send buffer: sent and unacknowledged, or not yet sent. */
    int queued() {
        return buffer.size();
    }

    /** CLOSE: a FIN follows the queued data. */
    void queueFin() {
        finQueued = true;
    }

    boolean finQueued() {
        return finQueued;
    }

    boolean finAcked() {
        return finAcked;
    }

    /** TCP_NODELAY: Nagle's algorithm off (RFC 9293 §3.7.4 lets the user turn it off). */
    void noDelay(boolean noDelay) {
        nagle = !noDelay;
    }

    // ---------------------------------------------------------------- SEGMENT ARRIVES: the ACK (§3.10.7.4 fifth check)

    /** RFC 5961 §5.2: an ACK is acceptable iff SND.UNA - MAX.SND.WND =< SEG.ACK =< SND.NXT (the highest sent). */
    boolean acceptableAck(int ack) {
        return !SeqNum.gt(ack, max) && !SeqNum.lt(ack, una - maxWnd);
    }

    /** SND.UNA < SEG.ACK =< SND.NXT: the ACK acknowledges our SYN (§3.10.7.3, §3.10.7.4 SYN-RECEIVED). */
    boolean acknowledgesSyn(int ack) {
        return SeqNum.lt(una, ack) && SeqNum.le(ack, max);
    }

    /**
     * An acceptable ACK arrives (§3.10.7.4 fifth check, ESTABLISHED and the states after): the
     * RTT sample of its timestamps (RFC 7323 §4.2), SND.UNA and the send buffer (§3.10.7.4,
     * {@link #ack}), the window update (SND.WL1/WL2 rule), and loss recovery's view of it
     * (duplicate ACKs, SACK blocks, RACK, RFC 5681 §3.2, RFC 8985 §6.2).
     *
     * @return bytes of user data acknowledged (space freed in the send buffer)
     */
    int onAck(Segment seg) {
        boolean fresh = SeqNum.gt(seg.ack, una);
        boolean duplicate = isDuplicateAck(seg); // RFC 5681 §2: judged against the window before this segment
        long now = context.now();
        if (fresh) {
            long rtt = ts.rttNanos(seg, now, config.maxRto().toNanos());
            if (rtt >= 0) {
                rto.sample(rtt); // RFC 7323 §4.2: RTTM on every ACK of new data
                rto.resetBackoff();
            }
        }
        boolean echoValid = ts.enabled && seg.options.hasTimestamps() && seg.options.tsEcr() != 0;
        int echo = echoValid ? seg.options.tsEcr() : 0;
        lossRecovery.ackBegins(echoValid, echo, now);
        int freed = ack(seg.ack, echoValid, echo);
        if (SeqNum.le(una, seg.ack)) {
            updateWindow(seg);
        }
        lossRecovery.ackEnds(seg, fresh, duplicate);
        return freed;
    }

    /** SYN_SENT, a SYN|ACK acknowledged our SYN (§3.10.7.3): SND.UNA = SEG.ACK and the window from it. */
    void handshakeAcked(Segment seg) {
        ack(seg.ack, false, 0);
        setWindow(seg);
    }

    /**
     * RFC 5681 §2 duplicate ACK: data is outstanding, the segment carries no data, neither SYN
     * nor FIN, acknowledges SND.UNA and offers the window last offered.
     */
    private boolean isDuplicateAck(Segment seg) {
        return una != max && seg.dataLength() == 0 && !seg.has(SYN) && !seg.has(FIN)
                && seg.ack == una && seg.window == wnd;
    }

    /**
     * SND.UNA < SEG.ACK <= SND.NXT: acknowledges something new. Moves SND.UNA, frees acknowledged
     * bytes, takes an RTT sample, tells fast recovery and the congestion control, and restarts the
     * timer. {@code echo} is the ACK's TSecr if {@code echoValid}.
     *
     * @return bytes of user data acknowledged (space freed in the send buffer)
     */
    private int ack(int ack, boolean echoValid, int echo) {
        int acked = SeqNum.diff(ack, una);
        if (acked <= 0) {
            return 0;
        }
        long now = context.now();
        lossRecovery.acked(ack);
        if (undo != null && undo.ack(ack, echoValid, echo)) {
            undoCongestionEvent(now); // RFC 3522 §3.2: the ACK answers the original transmission
        }
        boolean synWasAcked = synAcked;
        int flight = SeqNum.diff(nxt, una);
        int data = acked;
        if (!synAcked) {
            data--; // the SYN's sequence number
        }
        if (finQueued && !finAcked && SeqNum.gt(ack, finSeq())) {
            finAcked = true;
            data--;
        }
        buffer.ack(data);
        context.memory().release(data);
        una = ack;
        synAcked = true;
        if (SeqNum.lt(nxt, una)) {
            nxt = una;
        }
        rto.acked(ack, now);
        retries = 0;
        progressAt = now;
        boolean restartTimer = true;
        switch (recovery.newAck(ack, acked, mss)) {
            case NORMAL -> {
                // grow only while cwnd was what limited the sender (RFC 7661's concern: no growth from an unused window)
                if (synWasAcked && (long) flight + mss > cc.cwnd()) {
                    cc.onAck(acked, rto.srtt(), now);
                }
            }
            case FULL -> {
                cc.onRecoveryExit(inFlight(), now);
                lossRecovery.recoveryEnded();
            }
            case FIRST_PARTIAL -> lossRecovery.partialAck(true);
            case PARTIAL -> restartTimer = lossRecovery.partialAck(false);
        }
        if (una == max) {
            retransmitTimer.cancel(); // RFC 6298 §5.2
        } else if (restartTimer) {
            retransmitTimer.setDeadline(now + rto.rto()); // RFC 6298 §5.3
        }
        return data;
    }

    /**
     * Window update (§3.10.7.4 fifth check, ESTABLISHED): taken from the newest segment only,
     * i.e. if SND.WL1 < SEG.SEQ, or SND.WL1 = SEG.SEQ and SND.WL2 <= SEG.ACK.
     */
    private void updateWindow(Segment seg) {
        if (SeqNum.lt(wl1, seg.seq) || (wl1 == seg.seq && SeqNum.le(wl2, seg.ack))) {
            setWindow(seg);
        }
    }

    /** SND.WND = SEG.WND, SND.WL1 = SEG.SEQ, SND.WL2 = SEG.ACK. */
    void setWindow(Segment seg) {
        wnd = seg.window;
        wl1 = seg.seq;
        wl2 = seg.ack;
        maxWnd = Math.max(maxWnd, wnd);
        if (persistTimer != null) {
            persistTimer.windowUpdated(wnd);
        }
    }

    /** A pure ACK that moves nothing (PAWS's disordered-ACK test): SEG.ACK = SND.UNA, SEG.WND = SND.WND. */
    boolean movesNothing(Segment seg) {
        return seg.ack == una && seg.window == wnd;
    }

    // ---------------------------------------------------------------- congestion events

    /** Fast retransmit or a repairing probe: the congestion response (RFC 5681 §3.2 step 2), undone if spurious. */
    void fastRetransmitResponse(long now) {
        cc.onFastRetransmit(inFlight(), now);
        undo = RecoveryUndo.start(undo);
    }

    /**
     * The last congestion event proved spurious: congestion control returns to the window before
     * it (RFC 4015 §2), segments marked lost are not resent, and recovery ends.
     */
    void undoCongestionEvent(long now) {
        cc.onSpuriousCongestionEvent(now);
        lossRecovery.congestionEventUndone();
        recovery.undo(una);
    }

    /**
     * In fast recovery, or in the recovery after a timeout: SND.UNA has not passed the highest
     * sequence number sent when it began (RFC 6582 recover; Linux's Loss state).
     */
    boolean recovering() {
        return recovery.inRecovery() || SeqNum.le(una, recovery.recover());
    }

    // ---------------------------------------------------------------- output

    /** Sends whatever the window, Nagle and SWS avoidance allow now; arms the persist timer if blocked. */
    void output() {
        long now = context.now();
        if (una == max && cc != null && hasUnsent() && now - lastSendTime > rto.rto()) {
            cc.onIdleRestart(now); // RFC 5681 §4.1: idle for more than an RTO
        }
        lossRecovery.output();
        if (blockedByWindow()) {
            if (persistTimer == null) {
                persistTimer = new PersistTimer(this, context, config);
            }
            persistTimer.arm();
        }
    }

    /** Data or a FIN waits for the peer's window with nothing outstanding: the persist timer's case. */
    boolean blockedByWindow() {
        return hasUnsent() && una == max && context.isSynchronized();
    }

    /**
     * The usable window's base (RFC 5681 §3.1): min(cwnd, rwnd), cwnd inflated during NewReno
     * fast recovery; rwnd alone before the MSS is known.
     */
    int sendWindow() {
        long cwnd = cc == null ? wnd : (long) cc.cwnd() + recovery.inflation();
        return (int) Math.max(0, Math.min(cwnd, wnd));
    }

    /**
     * Sends one segment from SND.NXT if there is something to send.
     *
     * @param ignoreNagle a timer expired: send even a small segment (RFC 9293 §3.8.6.2.1 override)
     * @param usable bytes the window allows from SND.NXT (§3.8.6.2.1: U = SND.UNA + SND.WND -
     *     SND.NXT, with cwnd; unlimited for the retransmission timeout's first segment)
     * @return sequence space sent, 0 for nothing
     */
    int sendOne(boolean ignoreNagle, int usable) {
        if (!context.isSynchronized() || finAcked || (finQueued && SeqNum.gt(nxt, finSeq()))) {
            return 0; // handshake not done, or FIN already sent: nothing follows it
        }
        int offset = SeqNum.diff(nxt, dataStart());
        int unsent = buffer.size() - offset;
        int len = Math.min(Math.min(unsent, segmentLimit()), Math.max(usable, 0));
        if (len > mss) {
            len -= len % mss; // the link cuts full-sized segments only; a short tail goes on its own, under Nagle/SWS
        }
        if (len > 0 && !ignoreNagle && !worthSending(len, unsent)) {
            len = 0;
        }
        boolean fin = finQueued && len == unsent;
        if (len == 0 && !fin) {
            return 0;
        }
        transmit(nxt, offset, len, fin);
        return len + (fin ? 1 : 0);
    }

    /**
     * Longest segment {@link #sendOne} builds: one MSS, or with TSO the most whole MSS-sized
     * segments one super-segment holds (the link cuts it into segments of Eff.snd.MSS, RFC 9293
     * §3.7.1); segments that resend sequence space (go-back-N after a timeout) stay at one MSS.
     */
    private int segmentLimit() {
        int tso = context.tsoPayloadLimit();
        return tso > mss && !SeqNum.lt(nxt, max) ? tso - tso % mss : mss;
    }

    /**
     * Resends up to {@code length} (at most SMSS) of sequence space already sent from
     * {@code seq}, leaving SND.NXT alone, the FIN included if it was sent and the range reaches it.
     *
     * @return sequence space sent, 0 for nothing
     */
    int retransmitRange(int seq, int length) {
        int offset = SeqNum.diff(seq, dataStart());
        int len = Math.max(0, Math.min(Math.min(length, mss), buffer.size() - offset));
        boolean fin = finQueued && !finAcked && offset + len == buffer.size() && SeqNum.lt(finSeq(), max)
                && SeqNum.lt(finSeq(), seq + length);
        if (len == 0 && !fin) {
            return 0;
        }
        transmit(seq, offset, len, fin);
        return len + (fin ? 1 : 0);
    }

    /** Go-back-N after a timeout without SACK: SND.NXT = SND.UNA, and the head goes now, whatever cwnd. */
    void goBackN() {
        nxt = una;
        sendOne(true, Integer.MAX_VALUE);
    }

    /**
     * Sends {@code len} bytes from send-buffer {@code offset} at {@code seq} (plus the FIN),
     * moves SND.NXT and the highest sequence sent past it, and does the bookkeeping: the
     * retransmission counter, Karn's rule, RTT timing of new data, the timers.
     */
    private void transmit(int seq, int offset, int len, boolean fin) {
        boolean retransmission = SeqNum.lt(seq, max);
        ByteBuf data = len > 0 ? buffer.slice(offset, len) : null;
        try {
            context.emit(seq, ACK | (len > 0 && offset + len == buffer.size() ? PSH : 0) | (fin ? FIN : 0), data);
        } finally {
            if (data != null) {
                data.release();
            }
        }
        int end = seq + len + (fin ? 1 : 0);
        long now = context.now();
        if (una == max) {
            progressAt = now; // nothing was outstanding: the user timeout starts
        }
        if (retransmission) {
            context.counters().increment(TcpCounters.Counter.RETRANS_SEGS);
            if (undo != null) {
                undo.retransmission(seq, end, ts.enabled, ts.value(now));
            }
            rto.retransmitted(seq);
        } else {
            rto.sent(end, now);
        }
        if (SeqNum.gt(end, nxt)) {
            nxt = end;
        }
        if (SeqNum.gt(end, max)) {
            max = end;
        }
        lastSendTime = now;
        if (!retransmitTimer.isArmed()) {
            armRetransmit();
        }
        cancelPersist();
        lossRecovery.sent(seq, end, now, retransmission);
    }

    /**
     * Sender SWS avoidance (RFC 9293 §3.8.6.2.1) combined with Nagle (§3.7.4): send a full
     * segment, or all queued data when nothing is outstanding (with Nagle) or always (without),
     * or at least half the largest window the peer offered; retransmissions always go.
     */
    private boolean worthSending(int len, int unsent) {
        if (len >= mss || SeqNum.lt(nxt, max)) {
            return true;
        }
        if (len == unsent && (!nagle || una == max)) {
            return true;
        }
        return maxWnd > 0 && len >= maxWnd / 2;
    }

    /** Data or a FIN waits to be sent from SND.NXT. */
    boolean hasUnsent() {
        return !finAcked
                && ((finQueued && SeqNum.le(nxt, finSeq())) || SeqNum.diff(nxt, dataStart()) < buffer.size());
    }

    // ---------------------------------------------------------------- timers

    /** A timer of the send half fired: retransmission, persist, or one of loss recovery's. */
    void timerFires(TcpTimer kind) {
        switch (kind) {
            case RETRANSMIT -> retransmitTimeout();
            case PERSIST -> persistTimer.fires(); // armed, so made
            default -> lossRecovery.timerFires(kind);
        }
    }

    /**
     * Retransmission timeout (RFC 6298 §5.4-5.6): give up after the retry limit, else back off
     * the RTO, stop timing (Karn), resend from SND.UNA and restart the timer.
     */
    private void retransmitTimeout() {
        if (una == max) {
            return;
        }
        boolean handshake = !context.isSynchronized();
        long userTimeout = context.userTimeoutNanos();
        if (userTimeout > 0
                ? context.now() - progressAt >= userTimeout // RFC 5482 §2: the user timeout replaces the retry count
                : retries >= (handshake ? config.maxSynRetries() : config.maxRetries())) {
            context.timedOut();
            return;
        }
        retries++;
        rto.backoff();
        rto.stopTiming();
        if (handshake) {
            context.retransmitSyn();
            context.counters().increment(TcpCounters.Counter.RETRANS_SEGS);
        } else {
            long now = context.now();
            if (retries == 1) {
                cc.onRetransmissionTimeout(inFlight(), now); // RFC 5681 §3.1: once per episode
                undo = RecoveryUndo.start(undo);
            }
            recovery.timeout(max - 1);
            lossRecovery.retransmitTimeout(now);
        }
        armRetransmit();
    }

    private void cancelPersist() {
        if (persistTimer != null) {
            persistTimer.cancel();
        }
    }

    /**
     * (Re)starts the retransmission timer at RTO from now (RFC 6298 §5.1, §5.3; RFC 8985 §7.3 after
     * a loss probe), but no later than the user timeout's end, as Linux clamps it.
     */
    void armRetransmit() {
        long deadline = context.now() + rto.rto();
        long userTimeout = context.userTimeoutNanos();
        if (userTimeout > 0 && deadline - (progressAt + userTimeout) > 0) {
            deadline = Math.max(progressAt + userTimeout, context.now());
        }
        retransmitTimer.setDeadline(deadline);
    }

    /** Time until the retransmission timer fires; a whole RTO when it is not armed. */
    long untilRetransmitTimeout(long now) {
        return retransmitTimer.isArmed() ? retransmitTimer.deadline() - now : rto.rto();
    }

    /** Stops every timer (TIME_WAIT, CLOSED). */
    void stopTimers() {
        retransmitTimer.cancel();
        cancelPersist();
        lossRecovery.stopTimers();
    }

    void release() {
        stopTimers();
        context.memory().release(buffer.size());
        buffer.release();
        lossRecovery.release();
    }

    // ---------------------------------------------------------------- reading the TCB

    int iss() {
        return iss;
    }

    int una() {
        return una;
    }

    int max() {
        return max;
    }

    int wnd() {
        return wnd;
    }

    int mss() {
        return mss;
    }

    int retries() {
        return retries;
    }

    RtoEstimator rto() {
        return rto;
    }

    /** The undo test of the last congestion event; null before the first. */
    RecoveryUndo undo() {
        return undo;
    }

    FastRecovery recovery() {
        return recovery;
    }

    long now() {
        return context.now();
    }

    /** The congestion window; call only once the MSS is known. */
    int cwnd() {
        return cc.cwnd();
    }

    /** Sequence number of send-buffer byte 0. */
    private int dataStart() {
        return synAcked ? una : iss + 1;
    }

    /** Sequence number of our FIN (meaningful with {@link #finQueued}, before it is acknowledged). */
    private int finSeq() {
        return dataStart() + buffer.size();
    }

    /** Bytes sent but not acknowledged, SYN and FIN included. */
    int inFlight() {
        return SeqNum.diff(max, una);
    }

    /** SND.NXT - SND.UNA: what the window already holds from SND.UNA. */
    int unacknowledgedSent() {
        return SeqNum.diff(nxt, una);
    }

    /** Fills in the send half of a snapshot. */
    void describe(TcbSnapshot.Builder s) {
        s.iss = iss;
        s.sndUna = una;
        s.sndNxt = nxt;
        s.sndMax = max;
        s.sndWnd = wnd;
        s.maxSndWnd = maxWnd;
        s.mss = mss;
        s.sendQueued = buffer.size();
        if (cc != null) {
            s.cwnd = cc.cwnd();
            s.ssthresh = cc.ssthresh();
            s.congestionControl = cc.getClass().getSimpleName();
        }
        s.inflation = recovery.inflation();
        s.inRecovery = recovery.inRecovery();
        s.srttNanos = rto.srtt();
        s.rttvarNanos = rto.rttvar();
        s.rtoNanos = rto.rto();
        s.retries = retries;
        s.timer(TcpTimer.RETRANSMIT, retransmitTimer);
        if (persistTimer != null) {
            persistTimer.describe(s);
        }
        lossRecovery.describe(s);
    }
}

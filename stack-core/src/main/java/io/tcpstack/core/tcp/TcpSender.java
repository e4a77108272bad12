package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.FIN;
import static io.tcpstack.core.wire.TcpHeader.PSH;
import static io.tcpstack.core.wire.TcpHeader.SYN;

import io.netty.buffer.ByteBuf;
import io.tcpstack.core.time.TimerScheduler.Timer;

/**
 * The send half of a connection's TCB (RFC 9293 §3.3.1 "Send Sequence Variables"): the send
 * buffer, what may be sent now (min(cwnd, rwnd) minus the flight size, RFC 5681 §3.1; sender SWS
 * avoidance §3.8.6.2.1, Nagle §3.7.4), loss detection and recovery, retransmission on timeout
 * (RFC 6298, Karn's rule) and zero-window probing with the persist timer (§3.8.6.1). The
 * congestion window itself is a {@link CongestionControl}'s. Loop-confined.
 *
 * <p>Without SACK, losses are found by three duplicate ACKs and repaired by NewReno fast recovery
 * ({@link FastRecovery}, RFC 6582), and a timeout goes back to SND.UNA. With SACK, RACK-TLP
 * (RFC 8985) finds them: every transmission is stamped in the {@link SentLog}, every ACK runs
 * RACK's loss detection (with its reorder timer) and a tail loss probe replaces most timeouts;
 * segments RACK marks lost are resent first and the pipe gates all sending (RFC 6675 §5 with
 * RACK's marks). A timeout keeps the SACK scoreboard (RFC 6675 §5.1, RFC 8985 §6.3). Any
 * congestion event whose retransmissions all prove unnecessary is undone ({@link RecoveryUndo}).
 *
 * <p>Sequence space: ISS is the SYN; user data starts at ISS+1; the FIN, once queued, follows the
 * last byte of the send buffer.
 */
final class TcpSender {
    private final TcpConnection connection;
    private final TcpConfig config;
    /** ISS: our initial sequence number, carried by our SYN. */
    int iss;
    /**
     * Our SYN has been acknowledged: SND.UNA passed ISS. A flag rather than a comparison with ISS,
     * which inverts once 2^31 bytes have been acknowledged (sequence arithmetic, RFC 9293 §3.4).
     */
    private boolean synAcked;
    /** SND.UNA: oldest unacknowledged sequence number. Send-buffer byte 0 sits at {@link #dataStart()}. */
    int una;
    /**
     * SND.NXT: next sequence number to send; SND.UNA <= SND.NXT <= {@link #max}. It moves back to
     * SND.UNA when the retransmission timer fires (go-back-N).
     */
    int nxt;
    /**
     * Highest sequence number sent plus one (BSD's snd_max). Equals SND.NXT except while
     * retransmitting after a timeout; ACKs up to it are acceptable (RFC 5961 §5.2 "SND.NXT").
     */
    int max;
    /** SND.WND: the peer's offered window, relative to {@link #wl2}. */
    int wnd;
    /** SND.WL1: SEG.SEQ of the segment that last updated SND.WND. */
    int wl1;
    /** SND.WL2: SEG.ACK of the segment that last updated SND.WND. */
    int wl2;
    /** MAX.SND.WND: largest window the peer ever offered (RFC 5961 §5.2; SWS "Fs" test). */
    int maxWnd;
    /** Eff.snd.MSS (RFC 9293 §3.7.1): min(peer's MSS option or 536, our MTU - 40). */
    int mss;
    /** Bytes the user handed to SEND, from the first unacknowledged one. */
    final SendBuffer buffer;
    /** The user closed for sending: a FIN follows the buffered data. */
    boolean finQueued;
    /** Our FIN was acknowledged (only with {@link #finQueued}). */
    boolean finAcked;
    /** Nagle's algorithm on (RFC 9293 §3.7.4). */
    boolean nagle;
    /** The ACK being processed carried a usable TSecr ({@link #ackEcho}); see {@link #beginAck}. */
    private boolean ackEchoValid;
    /** TSecr of the ACK being processed. */
    private int ackEcho;
    /** SRTT/RTTVAR/RTO with backoff (RFC 6298). */
    final RtoEstimator rto;
    /** Makes {@link #cc} once the MSS is known; the stack's default or the user's choice. */
    private CongestionControl.Factory congestionFactory;
    /** The congestion window (RFC 5681); null until the MSS is known ({@link #peerMss}). */
    CongestionControl cc;
    /** Duplicate-ACK counting and NewReno fast recovery state (RFC 5681 §3.2, RFC 6582). */
    final FastRecovery recovery = new FastRecovery();
    /** When a segment occupying sequence space was last sent, for the restart window (RFC 5681 §4.1). */
    private long lastSendTime;
    /** Retransmission timer (RFC 6298 §5); armed iff data, SYN or FIN is outstanding. */
    private final Timer retransmitTimer;
    /**
     * Persist timer (RFC 9293 §3.8.6.1); armed only while unsent data waits for the window and
     * nothing is outstanding. Made when first armed: most connections never meet a zero window.
     */
    private Timer persistTimer;
    /** Consecutive retransmission timeouts without progress (RFC 1122 §4.2.3.5 R2). */
    int retries;
    /** Persist probes sent since the window was last open; the probe interval is RTO * 2^probes. */
    private int probes;
    /** Persist probes the peer has not answered (any window update answers). */
    private int unansweredProbes;
    /** An RTT measurement is running for the first transmission ending at {@link #rttSeq} (Karn). */
    private boolean timing;
    /** The sequence number whose acknowledgment ends the running RTT measurement. */
    private int rttSeq;
    /** When the timed segment was sent. */
    private long rttStart;
    /** RTT samples come from the timestamps option (RFC 7323 §4.2, {@link #rttSample}): no segment is timed. */
    boolean timestampRtt;
    /** The peer's SACK blocks above SND.UNA (RFC 6675 §3), updated on every ACK once SACK is permitted. */
    final SackScoreboard scoreboard = new SackScoreboard();
    /** SACK was negotiated: loss detection is RACK-TLP's and recovery is pipe-based, instead of NewReno's. */
    boolean sack;
    /** Every segment from SND.UNA to SND.MAX with its transmit time and marks; kept only with {@link #sack}. */
    final SentLog log = new SentLog();
    /** RACK's state (RFC 8985 §5.2); used only with {@link #sack}. */
    final Rack rack = new Rack();
    /** The tail loss probe's state (RFC 8985 §7); used only with {@link #sack}. */
    private final TailLossProbe probe = new TailLossProbe();
    /** Whether the last congestion event proves spurious (RFC 3522, RFC 3708). */
    private final RecoveryUndo undo = new RecoveryUndo();
    /**
     * RACK's reorder timer or the probe timeout (RFC 8985 §6.2 step 5, §7.2); armed for one at a
     * time, only with {@link #sack}. Made when first armed (idle connections stay small).
     */
    private Timer lossTimer;
    /** {@link #lossTimer} is armed as the reorder timer (else, if armed, as the probe timeout). */
    private boolean reorderTimer;
    /** Marks the log's entries a SACK block newly covers (RFC 8985 §6.2 step 2). */
    private final SackScoreboard.Listener newlySacked = (from, to) -> log.sacked(from, to, rack);

    TcpSender(TcpConnection connection, TcpConfig config, SendBuffer buffer, Timer retransmitTimer) {
        this.connection = connection;
        this.config = config;
        this.buffer = buffer;
        this.retransmitTimer = retransmitTimer;
        this.nagle = config.nagle();
        this.mss = TcpReceiver.DEFAULT_MSS;
        this.rto = new RtoEstimator(config.minRto().toNanos(), config.maxRto().toNanos(), config.initialRto().toNanos());
        this.congestionFactory = config.congestionControl();
    }

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

    /** SACK was negotiated (RFC 2018): recovery follows RFC 6675. */
    void sack(boolean on) {
        sack = on;
        recovery.sack(on);
    }

    /** Our SYN (or SYN-ACK) is being sent for the first time: SND.UNA = ISS, SND.NXT = ISS + 1. */
    void synSent(int iss) {
        this.iss = iss;
        synAcked = false;
        una = iss;
        nxt = iss + 1;
        max = nxt;
        recovery.start(iss);
        lastSendTime = connection.now();
        startTiming(iss);
        armRetransmit();
    }

    /**
     * The peer's MSS option (RFC 9293 §3.7.1: 536 when absent), bounded by our own MSS, less the
     * {@code optionSpace} bytes of options every segment carries (Eff.snd.MSS counts the TCP
     * header's options).
     */
    void peerMss(int optionMss, int ourMss, int optionSpace) {
        int peer = optionMss < 0 ? TcpReceiver.DEFAULT_MSS : optionMss;
        mss = Math.max(1, Math.min(peer, ourMss) - optionSpace);
        cc = congestionFactory.create(mss);
    }

    /** An RTT measurement from the timestamps option (RFC 7323 §4.2): feeds RFC 6298 and ends any backoff. */
    void rttSample(long rttNanos) {
        rto.sample(rttNanos);
        rto.resetBackoff();
    }

    boolean synAcked() {
        return synAcked;
    }

    /** Sequence number of send-buffer byte 0. */
    int dataStart() {
        return synAcked() ? una : iss + 1;
    }

    /** Sequence number of our FIN (meaningful with {@link #finQueued}, before it is acknowledged). */
    int finSeq() {
        return dataStart() + buffer.size();
    }

    /** Bytes sent but not acknowledged, SYN and FIN included. */
    int inFlight() {
        return SeqNum.diff(max, una);
    }

    /**
     * The usable window's base (RFC 5681 §3.1): min(cwnd, rwnd), cwnd inflated during NewReno
     * fast recovery; rwnd alone before the MSS is known.
     */
    private int sendWindow() {
        long cwnd = cc == null ? wnd : (long) cc.cwnd() + recovery.inflation();
        return (int) Math.max(0, Math.min(cwnd, wnd));
    }

    /**
     * RFC 5681 §2 duplicate ACK: data is outstanding, the segment carries no data, neither SYN
     * nor FIN, acknowledges SND.UNA and offers the window last offered. Ask before the window update.
     */
    boolean isDuplicateAck(Segment seg) {
        return una != max && seg.dataLength() == 0 && !seg.has(SYN) && !seg.has(FIN)
                && seg.ack == una && seg.window == wnd;
    }

    /**
     * Without SACK, a duplicate ACK (RFC 5681 §2) arrived: the third starts fast retransmit
     * (RFC 5681 §3.2 steps 2-3, RFC 6582 §3.2).
     */
    void duplicateAck() {
        if (recovery.duplicateAck(una, max - 1, mss)) {
            cc.onFastRetransmit(inFlight(), connection.now());
            undo.start();
            retransmitRange(una, mss);
        }
    }

    /**
     * An acceptable ACK arrives: RACK (with SACK) collects the segments it delivers from here on
     * ({@link #ack}, {@link #sackUpdate}) until {@link #sackAckDone}.
     */
    void beginAck(Segment seg) {
        TcpTimestamps ts = connection.ts;
        ackEchoValid = ts.enabled && seg.options.hasTimestamps() && seg.options.tsEcr() != 0;
        ackEcho = ackEchoValid ? seg.options.tsEcr() : 0;
        if (sack) {
            rack.beginAck(ackEchoValid ? ts : null, ackEcho, connection.now());
        }
    }

    /**
     * The ACK's SACK blocks go to the scoreboard (RFC 6675 §5: on every ACK), and the entries
     * they newly cover to RACK.
     *
     * @return true if the ACK SACKed data not SACKed before
     */
    boolean sackUpdate(Segment seg) {
        return scoreboard.update(seg.ack, una, max, seg.options, newlySacked);
    }

    /**
     * With SACK, the rest of an ACK's processing (RFC 8985 §6.2): the peer's reneging, the D-SACK
     * and timestamp tests of the last congestion event, the tail loss probe's outcome (§7.4),
     * RACK's loss detection and, if it found a loss, the start of fast recovery; then the timers.
     */
    void sackAckDone(Segment seg, boolean fresh, boolean newSack) {
        long now = connection.now();
        rack.endAck();
        if (fresh && scoreboard.isSacked(una)) {
            // RFC 2018 §8: the peer reneged (it acknowledges up to data it had SACKed): forget every SACK
            scoreboard.clear();
            log.forgetSacks();
        }
        boolean dsack = scoreboard.lastAckHadDsack();
        if (dsack) {
            rack.dsack(una, max);
            if (undo.dsack(scoreboard.dsackLeft(), scoreboard.dsackRight(), mss)) {
                undoCongestionEvent(now);
            }
        }
        if (probe.ack(seg.ack, dsack, scoreboard.dsackRight(), !fresh && !newSack)
                && !recovery.inRecovery()) {
            cc.onFastRetransmit(inFlight(), now); // §7.4.2: the probe repaired a loss: one congestion response
            undo.start();
        }
        detectLoss(now);
        armLossTimer(fresh);
    }

    /**
     * RFC 8985 §6.2 step 5, RACK_detect_loss_and_arm_timer, with the reordering window of step
     * 4; a loss found outside recovery starts fast recovery with cwnd = ssthresh (RFC 6675 §5
     * steps 1-3; no new recovery before SND.UNA passes the last recovery point, RFC 6582).
     */
    private void detectLoss(long now) {
        long reoWnd = rack.reoWnd(recovering(), log.sackedSegments(), rto.srtt());
        long timeout = log.detectLoss(rack, reoWnd, now);
        if (timeout > 0) {
            lossTimer().setDeadline(now + timeout);
            reorderTimer = true;
        } else if (reorderTimer) {
            cancelLossTimer();
        }
        if (log.hasLost() && recovery.enter(una, max - 1)) {
            cc.onFastRetransmit(inFlight(), now);
            undo.start();
            probe.reset();
            retransmitFirstLost(); // RFC 6675 §5 step 4.3: the first loss goes now, whatever the pipe
        }
    }

    /**
     * In fast recovery, or in the recovery after a timeout: SND.UNA has not passed the highest
     * sequence number sent when it began (RFC 6582 recover; Linux's Loss state).
     */
    private boolean recovering() {
        return recovery.inRecovery() || SeqNum.le(una, recovery.recover());
    }

    /** Resends (up to an SMSS of) the first segment marked lost, SND.UNA if none is. */
    private void retransmitFirstLost() {
        int length = log.nextLost(mss);
        retransmitRange(length > 0 ? log.foundSeq : una, length > 0 ? length : mss);
    }

    /**
     * The probe timeout (RFC 8985 §7.2): armed while data is outstanding, no loss is known, no
     * recovery runs and no probe is outstanding; restarted ({@code restart}) when new data is sent
     * or an ACK advances SND.UNA, at PTO from now. The reorder timer, when armed, takes precedence.
     */
    private void armLossTimer(boolean restart) {
        if (reorderTimer) {
            return;
        }
        boolean eligible = sack && una != max && connection.state().isSynchronized() && !recovering()
                && !log.hasLost() && !probe.outstanding();
        if (!eligible) {
            cancelLossTimer();
        } else if (restart || lossTimer == null || !lossTimer.isArmed()) {
            long now = connection.now();
            long untilRto = retransmitTimer.isArmed() ? retransmitTimer.deadline() - now : rto.rto();
            lossTimer().setDeadline(now + TailLossProbe.pto(rto.srtt(), inFlight() <= mss, Math.max(untilRto, 0)));
        }
    }

    private Timer lossTimer() {
        if (lossTimer == null) {
            lossTimer = connection.layer().timers().newTimer(this::lossTimeout);
        }
        return lossTimer;
    }

    /** Disarms {@link #lossTimer} in either role. */
    private void cancelLossTimer() {
        if (lossTimer != null) {
            lossTimer.cancel();
        }
        reorderTimer = false;
    }

    /** The reorder timer (RFC 8985 §6.2 step 5) or the probe timeout (§7.3) fired. */
    void lossTimeout() {
        long now = connection.now();
        if (reorderTimer) {
            reorderTimer = false;
            detectLoss(now);
            output();
        } else {
            sendProbe();
        }
        armLossTimer(false);
        connection.layer().flush();
    }

    /**
     * RFC 8985 §7.3 TLP_send_probe: new data of up to one SMSS if there is some and the peer's
     * window allows, else the last segment sent again; cwnd does not gate it. The retransmission
     * timer restarts.
     */
    private void sendProbe() {
        if (una == max || !connection.state().isSynchronized()) {
            return;
        }
        int sent = 0;
        int usable = wnd - SeqNum.diff(nxt, una);
        if (hasUnsent() && usable > 0) {
            sent = sendOne(true, Math.min(usable, mss));
        }
        boolean retransmission = sent == 0;
        if (retransmission) {
            int seq = SeqNum.max(log.lastStart(), max - mss);
            retransmitRange(seq, SeqNum.diff(max, seq));
        }
        probe.sent(max, retransmission);
        armRetransmit();
    }

    /**
     * The last congestion event proved spurious: congestion control returns to the window before
     * it (RFC 4015 §2), segments marked lost are not resent, and recovery ends.
     */
    private void undoCongestionEvent(long now) {
        cc.onSpuriousCongestionEvent(now);
        log.forgetLosses();
        recovery.undo(una);
    }

    /**
     * SND.UNA < SEG.ACK <= SND.NXT: acknowledges something new (§3.10.7.4 fifth check).
     * Moves SND.UNA, frees acknowledged bytes, takes an RTT sample, tells fast recovery and the
     * congestion control, and restarts the timer.
     *
     * @return bytes of user data acknowledged (space freed in the send buffer)
     */
    int ack(int ack) {
        int acked = SeqNum.diff(ack, una);
        if (acked <= 0) {
            return 0;
        }
        if (sack) {
            log.acked(ack, rack);
        }
        if (undo.ack(ack, ackEchoValid, ackEcho)) {
            undoCongestionEvent(connection.now()); // RFC 3522 §3.2: the ACK answers the original transmission
        }
        boolean synWasAcked = synAcked();
        int flight = SeqNum.diff(nxt, una);
        int data = acked;
        if (!synAcked()) {
            data--; // the SYN's sequence number
        }
        if (finQueued && !finAcked && SeqNum.gt(ack, finSeq())) {
            finAcked = true;
            data--;
        }
        buffer.ack(data);
        una = ack;
        synAcked = true;
        if (SeqNum.lt(nxt, una)) {
            nxt = una;
        }
        if (timing && SeqNum.ge(ack, rttSeq)) {
            rto.sample(connection.now() - rttStart); // RFC 6298 §3: only segments never retransmitted (Karn)
            rto.resetBackoff();
            timing = false;
        }
        retries = 0;
        boolean restartTimer = true;
        switch (recovery.newAck(ack, acked, mss)) {
            case NORMAL -> {
                // grow only while cwnd was what limited the sender (RFC 7661's concern: no growth from an unused window)
                if (synWasAcked && (long) flight + mss > cc.cwnd()) {
                    cc.onAck(acked, rto.srtt(), connection.now());
                }
            }
            case FULL -> {
                cc.onRecoveryExit(inFlight(), connection.now());
                rack.recoveryEnded();
            }
            case FIRST_PARTIAL -> retransmitPartial();
            case PARTIAL -> {
                retransmitPartial();
                restartTimer = sack; // RFC 6582 §3.2: only the first partial ACK resets the timer (RFC 6675: every ACK, RFC 6298 §5.3)
            }
        }
        if (una == max) {
            retransmitTimer.cancel(); // RFC 6298 §5.2
        } else if (restartTimer) {
            retransmitTimer.setDeadline(connection.now() + rto.rto()); // RFC 6298 §5.3
        }
        return data;
    }

    /**
     * Window update (§3.10.7.4 fifth check, ESTABLISHED): taken from the newest segment only,
     * i.e. if SND.WL1 < SEG.SEQ, or SND.WL1 = SEG.SEQ and SND.WL2 <= SEG.ACK.
     */
    void updateWindow(Segment seg) {
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
        unansweredProbes = 0; // RFC 1122 §4.2.2.17: probing goes on as long as the peer answers
        if (wnd > 0) {
            probes = 0;
            cancelPersist();
        }
    }

    /** Sends whatever the window, Nagle and SWS avoidance allow now; arms the persist timer if blocked. */
    void output() {
        if (una == max && cc != null && hasUnsent() && connection.now() - lastSendTime > rto.rto()) {
            cc.onIdleRestart(connection.now()); // RFC 5681 §4.1: idle for more than an RTO
        }
        if (sack) {
            sackOutput();
        } else {
            while (sendOne(false, sendWindow() - SeqNum.diff(nxt, una)) > 0) {
                // one segment per iteration
            }
        }
        armPersistIfBlocked();
    }

    /**
     * RFC 6675 §5 step (C) with RACK's loss marks, in and out of recovery: while cwnd - pipe
     * allows, send what NextSeg chooses: a segment marked lost (rule 1, a whole SMSS of room
     * needed), else new data within cwnd - pipe and the peer's window (rule 2). Rules 3 and 4 are
     * left out: RACK's reordering window decides when an unSACKed hole is lost, and the tail loss
     * probe takes the rescue retransmission's place (RFC 8985 §7).
     */
    private void sackOutput() {
        long pipe = log.pipe();
        while (true) {
            long room = cc.cwnd() - pipe;
            int sent;
            if (log.hasLost()) {
                int length = room >= mss ? log.nextLost(mss) : 0;
                sent = length == 0 ? 0 : retransmitRange(log.foundSeq, length);
            } else {
                sent = sendOne(false, (int) Math.min(room, wnd - SeqNum.diff(nxt, una)));
            }
            if (sent == 0) {
                return;
            }
            pipe += sent;
        }
    }

    /**
     * Sends one segment from SND.NXT if there is something to send.
     *
     * @param ignoreNagle a timer expired: send even a small segment (RFC 9293 §3.8.6.2.1 override)
     * @param usable bytes the window allows from SND.NXT (§3.8.6.2.1: U = SND.UNA + SND.WND -
     *     SND.NXT, with cwnd; unlimited for the retransmission timeout's first segment)
     * @return sequence space sent, 0 for nothing
     */
    private int sendOne(boolean ignoreNagle, int usable) {
        if (!connection.state().isSynchronized() || finAcked || (finQueued && SeqNum.gt(nxt, finSeq()))) {
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
        int tso = connection.layer().tsoPayloadLimit();
        return tso > mss && !SeqNum.lt(nxt, max) ? tso - tso % mss : mss;
    }

    /** A partial ACK: NewReno resends the next hole at SND.UNA (RFC 6582 §3.2); with SACK, NextSeg chooses. */
    private void retransmitPartial() {
        if (!sack) {
            retransmitRange(una, mss);
        }
    }

    /**
     * Resends up to {@code length} (at most SMSS) of sequence space already sent from
     * {@code seq}, leaving SND.NXT alone, the FIN included if it was sent and the range reaches it.
     *
     * @return sequence space sent, 0 for nothing
     */
    private int retransmitRange(int seq, int length) {
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

    /**
     * Sends {@code len} bytes from send-buffer {@code offset} at {@code seq} (plus the FIN),
     * moves SND.NXT and the highest sequence sent past it, and does the bookkeeping: the
     * retransmission counter, Karn's rule, RTT timing of new data, the timers.
     */
    private void transmit(int seq, int offset, int len, boolean fin) {
        boolean retransmission = SeqNum.lt(seq, max);
        ByteBuf data = len > 0 ? buffer.slice(offset, len) : null;
        try {
            connection.emit(seq, ACK | (len > 0 && offset + len == buffer.size() ? PSH : 0) | (fin ? FIN : 0), data, false);
        } finally {
            if (data != null) {
                data.release();
            }
        }
        int end = seq + len + (fin ? 1 : 0);
        long now = connection.now();
        if (sack) {
            log.sent(seq, end, now); // RFC 8985 §6.1: Segment.xmit_ts = Now()
        }
        if (retransmission) {
            connection.layer().counters().retransSegs++;
            undo.retransmission(seq, end, connection.ts.enabled, connection.ts.value(now));
            if (timing && SeqNum.lt(seq, rttSeq)) {
                timing = false; // Karn (RFC 6298 §3): the timed segment's ACK would be ambiguous
            }
        } else if (!timing) {
            startTiming(end - 1);
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
        if (sack && !retransmission) {
            armLossTimer(true); // RFC 8985 §7.2: new data restarts the probe timeout
        }
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
    private boolean hasUnsent() {
        return !finAcked
                && ((finQueued && SeqNum.le(nxt, finSeq())) || SeqNum.diff(nxt, dataStart()) < buffer.size());
    }

    private void armPersistIfBlocked() {
        if (hasUnsent() && una == max && (persistTimer == null || !persistTimer.isArmed())
                && connection.state().isSynchronized()) {
            if (persistTimer == null) {
                persistTimer = connection.layer().timers().newTimer(this::persistTimeout);
            }
            persistTimer.setDeadline(connection.now() + persistInterval());
        }
    }

    private void cancelPersist() {
        if (persistTimer != null) {
            persistTimer.cancel();
        }
    }

    private long persistInterval() {
        long interval = rto.rto() << Math.min(probes, 30);
        return Math.min(Math.max(interval, 0), config.maxRto().toNanos());
    }

    /**
     * Persist timer (RFC 9293 §3.8.6.1): with a usable window, sends what fits (the SWS override
     * timeout); with a zero window, sends a probe the peer must answer with its window: an ACK
     * with sequence number SND.UNA - 1, which lies outside the peer's window. Gives up after
     * {@code maxRetries} probes that drew no answer.
     */
    void persistTimeout() {
        if (una != max) {
            return; // something is outstanding: the retransmission timer is in charge
        }
        int usable = wnd - SeqNum.diff(nxt, una);
        if (usable > 0) {
            sendOne(true, sendWindow() - SeqNum.diff(nxt, una));
        } else {
            if (unansweredProbes >= config.maxRetries()) {
                connection.timedOut();
                return;
            }
            connection.emit(una - 1, ACK, null, false);
            unansweredProbes++;
        }
        probes++;
        armPersistIfBlocked();
        connection.layer().flush();
    }

    /**
     * Retransmission timeout (RFC 6298 §5.4-5.6): give up after the retry limit, else back off
     * the RTO, stop timing (Karn), resend from SND.UNA and restart the timer.
     */
    void retransmitTimeout() {
        if (una == max) {
            return;
        }
        boolean handshake = !connection.state().isSynchronized();
        if (retries >= (handshake ? config.maxSynRetries() : config.maxRetries())) {
            connection.timedOut();
            return;
        }
        retries++;
        rto.backoff();
        timing = false;
        if (handshake) {
            connection.retransmitSyn();
            connection.layer().counters().retransSegs++;
        } else {
            long now = connection.now();
            if (retries == 1) {
                cc.onRetransmissionTimeout(inFlight(), now); // RFC 5681 §3.1: once per episode
                undo.start();
            }
            recovery.timeout(max - 1);
            if (sack) {
                // RFC 6675 §5.1, RFC 8985 §6.3: keep the scoreboard, mark the unSACKed as lost, resend those first
                log.markLostOnTimeout(rack, rack.reoWnd(true, log.sackedSegments(), rto.srtt()), now);
                probe.reset();
                cancelLossTimer();
                retransmitFirstLost(); // RFC 6298 §5.4: the earliest segment not acknowledged, whatever cwnd
            } else {
                nxt = una; // go-back-N: the head now (cwnd = 1 SMSS), the rest as cwnd opens again
                sendOne(true, Integer.MAX_VALUE);
            }
        }
        armRetransmit();
        connection.layer().flush();
    }

    private void armRetransmit() {
        retransmitTimer.setDeadline(connection.now() + rto.rto());
    }

    private void startTiming(int lastSeq) {
        if (timestampRtt) {
            return;
        }
        timing = true;
        rttSeq = lastSeq + 1;
        rttStart = connection.now();
    }

    /** Stops every timer (TIME_WAIT, CLOSED). */
    void stopTimers() {
        retransmitTimer.cancel();
        cancelPersist();
        cancelLossTimer();
    }

    void release() {
        stopTimers();
        buffer.release();
        log.clear();
    }
}

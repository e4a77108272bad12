package io.tcpstack.core.tcp;

import io.tcpstack.core.time.TimerScheduler.Timer;

/**
 * Loss recovery with SACK: RACK-TLP (RFC 8985) finds losses and RFC 6675's pipe gates sending.
 * Every transmission is stamped in the {@link SentLog}, every ACK's SACK blocks go to the
 * {@link SackScoreboard} and run RACK's loss detection (with its reorder timer), and a tail
 * loss probe replaces most timeouts; segments RACK marks lost are resent first. A timeout keeps
 * the scoreboard (RFC 6675 §5.1, RFC 8985 §6.3).
 */
final class SackRecovery implements LossRecovery, SackScoreboard.Listener {
    private final TcpSender sender;
    private final TcbContext context;
    private final TcpTimestamps ts;
    /**
     * The peer's SACK blocks above SND.UNA (RFC 6675 §3), updated on every ACK; made by the first
     * ACK that carries SACK blocks (a connection whose peer never SACKs has none).
     */
    private SackScoreboard scoreboard;
    /**
     * Every segment from SND.UNA to SND.MAX with its transmit time and marks; made when something
     * becomes outstanding and let go when all is acknowledged, so an idle connection holds none
     * (null: nothing outstanding, nothing lost, an empty pipe).
     */
    private SentLog log;
    /** RACK's state (RFC 8985 §5.2). */
    private final Rack rack = new Rack();
    /** The tail loss probe's state (RFC 8985 §7); made by the first probe sent. */
    private TailLossProbe probe;
    /** {@link TcpTimer#REORDER}; made when first armed (idle connections stay small). */
    private Timer reorderTimer;
    /** {@link TcpTimer#LOSS_PROBE}; made when first armed. Disarmed while the reorder timer runs. */
    private Timer probeTimer;

    SackRecovery(TcpSender sender, TcbContext context, TcpTimestamps ts) {
        this.sender = sender;
        this.context = context;
        this.ts = ts;
    }

    @Override
    public void ackBegins(boolean echoValid, int echo, long now) {
        rack.beginAck(echoValid ? ts : null, echo, now);
    }

    @Override
    public void acked(int ack) {
        if (log != null) {
            log.acked(ack, rack);
            if (log.isEmpty()) {
                log = null;
            }
        }
    }

    /**
     * The ACK's SACK blocks go to the scoreboard (RFC 6675 §5: on every ACK) and the entries they
     * newly cover to RACK; then RFC 8985 §6.2: the peer's reneging, the D-SACK and timestamp
     * tests of the last congestion event, the tail loss probe's outcome (§7.4), RACK's loss
     * detection and, if it found a loss, the start of fast recovery; then the timers.
     */
    @Override
    public void ackEnds(Segment seg, boolean fresh, boolean duplicate) {
        int una = sender.una();
        if (scoreboard == null && seg.options.sackBlockCount() > 0) {
            scoreboard = new SackScoreboard();
        }
        boolean newSack = scoreboard != null && scoreboard.update(seg.ack, una, sender.max(), seg.options, this);
        long now = context.now();
        rack.endAck();
        if (fresh && scoreboard != null && scoreboard.isSacked(una)) {
            // RFC 2018 §8: the peer reneged (it acknowledges up to data it had SACKed): forget every SACK
            scoreboard.clear();
            if (log != null) {
                log.forgetSacks();
            }
        }
        boolean dsack = scoreboard != null && scoreboard.lastAckHadDsack();
        if (dsack) {
            rack.dsack(una, sender.max());
            RecoveryUndo undo = sender.undo();
            if (undo != null && undo.dsack(scoreboard.dsackLeft(), scoreboard.dsackRight(), sender.mss())) {
                sender.undoCongestionEvent(now);
            }
        }
        if (probe != null && probe.ack(seg.ack, dsack, dsack ? scoreboard.dsackRight() : 0, !fresh && !newSack)
                && !sender.recovery().inRecovery()) {
            sender.fastRetransmitResponse(now); // §7.4.2: the probe repaired a loss: one congestion response
        }
        detectLoss(now);
        armProbeTimer(fresh);
    }

    /**
     * RFC 8985 §6.2 step 5, RACK_detect_loss_and_arm_timer, with the reordering window of step
     * 4; a loss found outside recovery starts fast recovery with cwnd = ssthresh (RFC 6675 §5
     * steps 1-3; no new recovery before SND.UNA passes the last recovery point, RFC 6582).
     */
    private void detectLoss(long now) {
        if (log == null) {
            cancel(reorderTimer);
            return;
        }
        long reoWnd = rack.reoWnd(sender.recovering(), log.sackedSegments(), sender.rto().srtt());
        long timeout = log.detectLoss(rack, reoWnd, now);
        if (timeout > 0) {
            cancel(probeTimer);
            reorderTimer().setDeadline(now + timeout);
        } else {
            cancel(reorderTimer);
        }
        if (log.hasLost() && sender.recovery().enter(sender.una(), sender.max() - 1)) {
            sender.fastRetransmitResponse(now);
            resetProbe();
            retransmitFirstLost(); // RFC 6675 §5 step 4.3: the first loss goes now, whatever the pipe
        }
    }

    /** A partial ACK: NextSeg chooses what to resend (RFC 6675 §5); every ACK restarts the timer (RFC 6298 §5.3). */
    @Override
    public boolean partialAck(boolean first) {
        return true;
    }

    @Override
    public void recoveryEnded() {
        rack.recoveryEnded();
    }

    @Override
    public void congestionEventUndone() {
        if (log != null) {
            log.forgetLosses();
        }
    }

    /**
     * RFC 6675 §5 step (C) with RACK's loss marks, in and out of recovery: while cwnd - pipe
     * allows, send what NextSeg chooses: a segment marked lost (rule 1, a whole SMSS of room
     * needed), else new data within cwnd - pipe and the peer's window (rule 2). Rules 3 and 4 are
     * left out: RACK's reordering window decides when an unSACKed hole is lost, and the tail loss
     * probe takes the rescue retransmission's place (RFC 8985 §7).
     */
    @Override
    public void output() {
        long pipe = log == null ? 0 : log.pipe();
        int mss = sender.mss();
        while (true) {
            long room = sender.cwnd() - pipe;
            int sent;
            if (hasLost()) {
                int length = room >= mss ? log.nextLost(mss) : 0;
                sent = length == 0 ? 0 : sender.retransmitRange(log.foundSeq, length);
            } else {
                sent = sender.sendOne(false, (int) Math.min(room, sender.wnd() - sender.unacknowledgedSent()));
            }
            if (sent == 0) {
                return;
            }
            pipe += sent;
        }
    }

    /** RFC 8985 §6.1: Segment.xmit_ts = Now(); §7.2: new data restarts the probe timeout. */
    @Override
    public void sent(int seq, int end, long now, boolean retransmission) {
        if (log == null) {
            log = new SentLog();
        }
        log.sent(seq, end, now);
        if (!retransmission) {
            armProbeTimer(true);
        }
    }

    /** RFC 6675 §5.1, RFC 8985 §6.3: keep the scoreboard, mark the unSACKed as lost, resend those first. */
    @Override
    public void retransmitTimeout(long now) {
        if (log != null) {
            log.markLostOnTimeout(rack, rack.reoWnd(true, log.sackedSegments(), sender.rto().srtt()), now);
        }
        resetProbe();
        stopTimers();
        retransmitFirstLost(); // RFC 6298 §5.4: the earliest segment not acknowledged, whatever cwnd
    }

    /** Resends (up to an SMSS of) the first segment marked lost, SND.UNA if none is. */
    private void retransmitFirstLost() {
        int mss = sender.mss();
        int length = log == null ? 0 : log.nextLost(mss);
        sender.retransmitRange(length > 0 ? log.foundSeq : sender.una(), length > 0 ? length : mss);
    }

    /** The reorder timer (RFC 8985 §6.2 step 5) or the probe timeout (§7.3) fired. */
    @Override
    public void timerFires(TcpTimer kind) {
        switch (kind) {
            case REORDER -> {
                detectLoss(context.now());
                sender.output();
            }
            case LOSS_PROBE -> sendProbe();
            default -> throw new AssertionError(kind);
        }
        armProbeTimer(false);
    }

    /**
     * The probe timeout (RFC 8985 §7.2): armed while data is outstanding, no loss is known, no
     * recovery runs and no probe is outstanding; restarted ({@code restart}) when new data is sent
     * or an ACK advances SND.UNA, at PTO from now. The reorder timer, when armed, takes precedence.
     */
    private void armProbeTimer(boolean restart) {
        if (isArmed(reorderTimer)) {
            return;
        }
        boolean eligible = sender.una() != sender.max() && context.isSynchronized() && !sender.recovering()
                && !hasLost() && (probe == null || !probe.outstanding());
        if (!eligible) {
            cancel(probeTimer);
        } else if (restart || !isArmed(probeTimer)) {
            long now = context.now();
            long untilRto = sender.untilRetransmitTimeout(now);
            probeTimer().setDeadline(now + TailLossProbe.pto(sender.rto().srtt(), sender.inFlight() <= sender.mss(),
                    Math.max(untilRto, 0)));
        }
    }

    /**
     * RFC 8985 §7.3 TLP_send_probe: new data of up to one SMSS if there is some and the peer's
     * window allows, else the last segment sent again; cwnd does not gate it. The retransmission
     * timer restarts.
     */
    private void sendProbe() {
        int max = sender.max();
        if (sender.una() == max || !context.isSynchronized()) {
            return;
        }
        int sent = 0;
        int usable = sender.wnd() - sender.unacknowledgedSent();
        if (sender.hasUnsent() && usable > 0) {
            sent = sender.sendOne(true, Math.min(usable, sender.mss()));
        }
        boolean retransmission = sent == 0;
        if (retransmission) {
            int seq = log == null ? max - sender.mss() : SeqNum.max(log.lastStart(), max - sender.mss());
            sender.retransmitRange(seq, SeqNum.diff(max, seq));
        }
        if (probe == null) {
            probe = new TailLossProbe();
        }
        probe.sent(sender.max(), retransmission);
        sender.armRetransmit();
    }

    /** A retransmission timeout or recovery took over: the probe, if one is outstanding, is no longer judged. */
    private void resetProbe() {
        if (probe != null) {
            probe.reset();
        }
    }

    /** Marks the log's entries a SACK block newly covers (RFC 8985 §6.2 step 2). */
    @Override
    public void newlySacked(int from, int to) {
        if (log != null) {
            log.sacked(from, to, rack);
        }
    }

    /** An entry is marked lost and waits for its retransmission (NextSeg rule 1 has work). */
    private boolean hasLost() {
        return log != null && log.hasLost();
    }

    private Timer reorderTimer() {
        if (reorderTimer == null) {
            reorderTimer = context.newTimer(TcpTimer.REORDER);
        }
        return reorderTimer;
    }

    private Timer probeTimer() {
        if (probeTimer == null) {
            probeTimer = context.newTimer(TcpTimer.LOSS_PROBE);
        }
        return probeTimer;
    }

    private static boolean isArmed(Timer timer) {
        return timer != null && timer.isArmed();
    }

    private static void cancel(Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    public void stopTimers() {
        cancel(reorderTimer);
        cancel(probeTimer);
    }

    @Override
    public void release() {
        stopTimers();
        log = null;
    }

    @Override
    public void describe(TcbSnapshot.Builder snapshot) {
        snapshot.sack = true;
        if (scoreboard != null) {
            snapshot.sackedBlocks = scoreboard.blocks();
            snapshot.sackedBytes = scoreboard.sackedBytes();
            snapshot.highestSacked = scoreboard.highestSacked();
            snapshot.dsacks = scoreboard.dsacks();
        } else {
            snapshot.highestSacked = sender.una();
        }
        snapshot.reorderingSeen = rack.reorderingSeen;
        snapshot.reoWndMult = rack.reoWndMult;
    }
}

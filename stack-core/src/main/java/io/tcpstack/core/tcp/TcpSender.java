package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.FIN;
import static io.tcpstack.core.wire.TcpHeader.PSH;

import io.netty.buffer.ByteBuf;
import io.tcpstack.core.time.TimerScheduler.Timer;

/**
 * The send half of a connection's TCB (RFC 9293 §3.3.1 "Send Sequence Variables"): the send
 * buffer, what may be sent now (usable window, sender SWS avoidance §3.8.6.2.1, Nagle §3.7.4),
 * retransmission on timeout (RFC 6298, Karn's rule, go-back-N from SND.UNA) and zero-window
 * probing with the persist timer (§3.8.6.1). Loop-confined.
 *
 * <p>Sequence space: ISS is the SYN; user data starts at ISS+1; the FIN, once queued, follows the
 * last byte of the send buffer.
 */
final class TcpSender {
    private final TcpConnection connection;
    private final TcpConfig config;
    /** ISS: our initial sequence number, carried by our SYN. */
    int iss;
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
    /** SRTT/RTTVAR/RTO with backoff (RFC 6298). */
    final RtoEstimator rto;
    /** Retransmission timer (RFC 6298 §5); armed iff data, SYN or FIN is outstanding. */
    private final Timer retransmitTimer;
    /** Persist timer (RFC 9293 §3.8.6.1); armed only while unsent data waits for the window and nothing is outstanding. */
    private final Timer persistTimer;
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

    TcpSender(TcpConnection connection, TcpConfig config, SendBuffer buffer, Timer retransmitTimer, Timer persistTimer) {
        this.connection = connection;
        this.config = config;
        this.buffer = buffer;
        this.retransmitTimer = retransmitTimer;
        this.persistTimer = persistTimer;
        this.nagle = config.nagle();
        this.mss = TcpReceiver.DEFAULT_MSS;
        this.rto = new RtoEstimator(config.minRto().toNanos(), config.maxRto().toNanos(), config.initialRto().toNanos());
    }

    /** Our SYN (or SYN-ACK) is being sent for the first time: SND.UNA = ISS, SND.NXT = ISS + 1. */
    void synSent(int iss) {
        this.iss = iss;
        una = iss;
        nxt = iss + 1;
        max = nxt;
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
    }

    /** An RTT measurement from the timestamps option (RFC 7323 §4.2): feeds RFC 6298 and ends any backoff. */
    void rttSample(long rttNanos) {
        rto.sample(rttNanos);
        rto.resetBackoff();
    }

    boolean synAcked() {
        return SeqNum.gt(una, iss);
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
     * SND.UNA < SEG.ACK <= SND.NXT: acknowledges something new (§3.10.7.4 fifth check).
     * Moves SND.UNA, frees acknowledged bytes, takes an RTT sample and restarts the timer.
     *
     * @return bytes of user data acknowledged (space freed in the send buffer)
     */
    int ack(int ack) {
        int acked = SeqNum.diff(ack, una);
        if (acked <= 0) {
            return 0;
        }
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
        if (SeqNum.lt(nxt, una)) {
            nxt = una;
        }
        if (timing && SeqNum.ge(ack, rttSeq)) {
            rto.sample(connection.now() - rttStart); // RFC 6298 §3: only segments never retransmitted (Karn)
            rto.resetBackoff();
            timing = false;
        }
        retries = 0;
        if (una == max) {
            retransmitTimer.cancel(); // RFC 6298 §5.2
        } else {
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
            persistTimer.cancel();
        }
    }

    /** Sends whatever the window, Nagle and SWS avoidance allow now; arms the persist timer if blocked. */
    void output() {
        while (sendOne(false, false)) {
            // one segment per iteration
        }
        armPersistIfBlocked();
    }

    /**
     * Sends one segment from SND.NXT if there is something to send.
     *
     * @param ignoreNagle a timer expired: send even a small segment (RFC 9293 §3.8.6.2.1 override)
     * @param ignoreWindow retransmission timeout: send even beyond the window
     * @return true if a segment was sent
     */
    private boolean sendOne(boolean ignoreNagle, boolean ignoreWindow) {
        if (!connection.state().isSynchronized() || finAcked || (finQueued && SeqNum.gt(nxt, finSeq()))) {
            return false; // handshake not done, or FIN already sent: nothing follows it
        }
        int offset = SeqNum.diff(nxt, dataStart());
        int unsent = buffer.size() - offset;
        int usable = wnd - SeqNum.diff(nxt, una); // §3.8.6.2.1: U = SND.UNA + SND.WND - SND.NXT
        int len = Math.min(unsent, mss);
        if (!ignoreWindow) {
            len = Math.min(len, Math.max(usable, 0));
        }
        if (len > 0 && !ignoreNagle && !worthSending(len, unsent)) {
            len = 0;
        }
        boolean fin = finQueued && len == unsent;
        if (len == 0 && !fin) {
            return false;
        }
        int seq = nxt;
        boolean retransmission = SeqNum.lt(seq, max);
        ByteBuf data = len > 0 ? buffer.slice(offset, len) : null;
        try {
            connection.emit(seq, ACK | (len > 0 && len == unsent ? PSH : 0) | (fin ? FIN : 0), data, false);
        } finally {
            if (data != null) {
                data.release();
            }
        }
        nxt = seq + len + (fin ? 1 : 0);
        if (retransmission) {
            connection.layer().counters().retransSegs++;
        } else {
            max = nxt;
            if (!timing) {
                startTiming(seq + len + (fin ? 1 : 0) - 1);
            }
        }
        if (!retransmitTimer.isArmed()) {
            armRetransmit();
        }
        persistTimer.cancel();
        return true;
    }

    /**
     * Sender SWS avoidance (RFC 9293 §3.8.6.2.1) combined with Nagle (§3.7.4): send a full
     * segment, or all queued data when nothing is outstanding (with Nagle) or always (without),
     * or at least half the largest window the peer offered; retransmissions always go.
     */
    private boolean worthSending(int len, int unsent) {
        if (len == mss || SeqNum.lt(nxt, max)) {
            return true;
        }
        if (len == unsent && (!nagle || una == max)) {
            return true;
        }
        return maxWnd > 0 && len >= maxWnd / 2;
    }

    private void armPersistIfBlocked() {
        boolean waiting = !finAcked
                && ((finQueued && SeqNum.le(nxt, finSeq())) || SeqNum.diff(nxt, dataStart()) < buffer.size());
        if (waiting && una == max && !persistTimer.isArmed() && connection.state().isSynchronized()) {
            persistTimer.setDeadline(connection.now() + persistInterval());
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
            sendOne(true, false);
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
            nxt = una; // go-back-N: the head now, the rest as ACKs come back
            sendOne(true, true);
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

    /** Stops both timers (TIME_WAIT, CLOSED). */
    void stopTimers() {
        retransmitTimer.cancel();
        persistTimer.cancel();
    }

    void release() {
        stopTimers();
        buffer.release();
    }
}

package io.tcpstack.core.tcp;

/**
 * A copy of one connection's TCB at one instant, in the RFCs' terms (RFC 9293 §3.3.1 send and
 * receive sequence variables, RFC 5681 cwnd/ssthresh, RFC 6298 SRTT/RTTVAR/RTO, RFC 7323 and
 * RFC 2018 negotiated options, RFC 8985 RACK state): what tests, the connection table and traces
 * read instead of reaching into the live halves. Take one with {@link TcpConnection#snapshot()}
 * on the event loop; the copy may then go anywhere.
 *
 * @param state the connection's state
 * @param iss ISS
 * @param sndUna SND.UNA
 * @param sndNxt SND.NXT
 * @param sndMax the highest sequence number sent plus one
 * @param sndWnd SND.WND in bytes
 * @param maxSndWnd the largest window the peer offered
 * @param sndWindShift Snd.Wind.Shift (RFC 7323 §2.2)
 * @param mss Eff.snd.MSS
 * @param sendQueued bytes in the send buffer (sent and unacknowledged, or unsent)
 * @param cwnd the congestion window in bytes; 0 before the MSS is known
 * @param ssthresh the slow start threshold; 0 before the MSS is known
 * @param inflation NewReno's window inflation during fast recovery (RFC 5681 §3.2); 0 with SACK
 * @param inRecovery in fast recovery
 * @param congestionControl the congestion control's class name, e.g. {@code Cubic}
 * @param srttNanos SRTT; 0 before the first sample
 * @param rttvarNanos RTTVAR
 * @param rtoNanos RTO with backoff
 * @param retries consecutive retransmission timeouts without progress
 * @param sack SACK is in use: RACK-TLP recovers losses
 * @param sackedBlocks the SACK scoreboard's ranges {@code [left, right, ...]}; empty without SACK
 * @param sackedBytes SACKed bytes above SND.UNA
 * @param highestSacked the sequence number past the highest SACKed byte
 * @param dsacks D-SACK blocks received (RFC 2883)
 * @param reorderingSeen RACK.reordering_seen
 * @param reoWndMult RACK.reo_wnd_mult
 * @param irs IRS
 * @param rcvNxt RCV.NXT
 * @param rcvWnd RCV.WND
 * @param rcvWindShift Rcv.Wind.Shift (RFC 7323 §2.2)
 * @param readable in-order bytes the user has not read
 * @param timestamps the timestamps option is in use (RFC 7323 §3)
 * @param tsRecent TS.Recent
 * @param timer the connection's running timer that {@code ss} shows (retransmission, persist,
 *        keep-alive or TIME_WAIT/FIN_WAIT_2), null when none runs
 * @param timerDeadlineNanos when {@code timer} fires; meaningless without one
 */
record TcbSnapshot(
        TcpState state, int iss, int sndUna, int sndNxt, int sndMax, int sndWnd, int maxSndWnd, int sndWindShift,
        int mss, int sendQueued, int cwnd, int ssthresh, int inflation, boolean inRecovery, String congestionControl,
        long srttNanos, long rttvarNanos, long rtoNanos, int retries,
        boolean sack, int[] sackedBlocks, int sackedBytes, int highestSacked, long dsacks, boolean reorderingSeen,
        int reoWndMult,
        int irs, int rcvNxt, int rcvWnd, int rcvWindShift, int readable,
        boolean timestamps, int tsRecent, TcpTimer timer, long timerDeadlineNanos) {

    /** True if byte {@code seq} lies in a SACKed range of the scoreboard. */
    boolean isSacked(int seq) {
        for (int i = 0; i < sackedBlocks.length; i += 2) {
            if (SeqNum.ge(seq, sackedBlocks[i]) && SeqNum.lt(seq, sackedBlocks[i + 1])) {
                return true;
            }
        }
        return false;
    }

    /** The scoreboard holds no SACKed range. */
    boolean nothingSacked() {
        return sackedBlocks.length == 0;
    }

    /** Filled in by the connection and its two halves, then {@link #build()}. */
    static final class Builder {
        TcpState state;
        int iss;
        int sndUna;
        int sndNxt;
        int sndMax;
        int sndWnd;
        int maxSndWnd;
        int sndWindShift;
        int mss;
        int sendQueued;
        int cwnd;
        int ssthresh;
        int inflation;
        boolean inRecovery;
        String congestionControl = "";
        long srttNanos;
        long rttvarNanos;
        long rtoNanos;
        int retries;
        boolean sack;
        int[] sackedBlocks = new int[0];
        int sackedBytes;
        int highestSacked;
        long dsacks;
        boolean reorderingSeen;
        int reoWndMult;
        int irs;
        int rcvNxt;
        int rcvWnd;
        int rcvWindShift;
        int readable;
        boolean timestamps;
        int tsRecent;
        TcpTimer timer;
        long timerDeadlineNanos;

        /** Records {@code t} as the running timer unless one is recorded already or {@code t} is not armed. */
        void timer(TcpTimer kind, io.tcpstack.core.time.TimerScheduler.Timer t) {
            if (timer == null && t != null && t.isArmed()) {
                timer = kind;
                timerDeadlineNanos = t.deadline();
            }
        }

        TcbSnapshot build() {
            return new TcbSnapshot(state, iss, sndUna, sndNxt, sndMax, sndWnd, maxSndWnd, sndWindShift, mss, sendQueued,
                    cwnd, ssthresh, inflation, inRecovery, congestionControl, srttNanos, rttvarNanos, rtoNanos, retries,
                    sack, sackedBlocks, sackedBytes, highestSacked, dsacks, reorderingSeen, reoWndMult,
                    irs, rcvNxt, rcvWnd, rcvWindShift, readable, timestamps, tsRecent, timer, timerDeadlineNanos);
        }
    }
}

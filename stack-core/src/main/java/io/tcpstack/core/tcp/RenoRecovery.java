package io.tcpstack.core.tcp;

/**
 * Loss recovery without SACK: three duplicate ACKs start a fast retransmit and NewReno fast
 * recovery (RFC 5681 §3.2, RFC 6582), whose window inflation {@link FastRecovery} keeps; a
 * partial ACK resends the next hole at SND.UNA; a timeout goes back to SND.UNA (go-back-N).
 */
final class RenoRecovery implements LossRecovery {
    private final TcpSender sender;

    RenoRecovery(TcpSender sender) {
        this.sender = sender;
    }

    @Override
    public void ackBegins(boolean echoValid, int echo, long now) {
        // nothing to stamp: no per-segment state without SACK
    }

    @Override
    public void acked(int ack) {
        // nothing to forget: no per-segment state without SACK
    }

    /** A duplicate ACK (RFC 5681 §2): the third starts fast retransmit (RFC 5681 §3.2 steps 2-3, RFC 6582 §3.2). */
    @Override
    public void ackEnds(Segment seg, boolean fresh, boolean duplicate) {
        if (duplicate && sender.recovery().duplicateAck(sender.una(), sender.max() - 1, sender.mss())) {
            sender.fastRetransmitResponse(sender.now());
            sender.retransmitRange(sender.una(), sender.mss());
        }
    }

    /** RFC 6582 §3.2: resend the next hole at SND.UNA; only the first partial ACK resets the timer. */
    @Override
    public boolean partialAck(boolean first) {
        sender.retransmitRange(sender.una(), sender.mss());
        return first;
    }

    @Override
    public void recoveryEnded() {
        // the inflation ended with recovery (FastRecovery)
    }

    @Override
    public void congestionEventUndone() {
        // nothing is marked lost without SACK
    }

    /** Sends segment after segment while min(cwnd + inflation, rwnd) minus the flight allows (RFC 5681 §3.1). */
    @Override
    public void output() {
        while (sender.sendOne(false, sender.sendWindow() - sender.unacknowledgedSent()) > 0) {
            // one segment per iteration
        }
    }

    @Override
    public void sent(int seq, int end, long now, boolean retransmission) {
        // no per-segment record without SACK
    }

    /** Go-back-N: the head now (cwnd = 1 SMSS), the rest as cwnd opens again. */
    @Override
    public void retransmitTimeout(long now) {
        sender.goBackN();
    }

    @Override
    public void timerFires(TcpTimer kind) {
        throw new AssertionError("NewReno recovery arms no " + kind + " timer");
    }

    @Override
    public void stopTimers() {
        // no timers of its own
    }

    @Override
    public void release() {
        // nothing held
    }

    @Override
    public void describe(TcbSnapshot.Builder snapshot) {
        snapshot.sack = false;
    }
}

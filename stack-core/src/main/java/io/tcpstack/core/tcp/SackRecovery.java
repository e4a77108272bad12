package io.tcpstack.core.tcp;

/**
 * The retransmission choices of RFC 6675 loss recovery, read from the {@link SackScoreboard}:
 * SetPipe (§4: how many bytes are still in the network) and the retransmission rules of NextSeg
 * (§4 rules 1, 3 and 4; rule 2, new data, is the sender's). Sequence numbers follow the RFC:
 * HighData is the highest sequence number sent (SND.MAX - 1), HighRxt and RescueRxt are the
 * highest retransmitted. Loop-confined, allocation-free: a choice is left in {@link #seq}.
 */
final class SackRecovery {
    /** HighRxt: the highest sequence number retransmitted in this recovery (RFC 6675 §2). */
    private int highRxt;
    /** RescueRxt: the highest sequence number of the rescue retransmission, or of the first retransmission until one was sent (§5 step 3, §4 rule 4). */
    private int rescueRxt;
    /** Where the segment chosen by the last successful {@code rule*} call starts. */
    int seq;

    /** §5 step 3: the first retransmission, ending at {@code highest}, sets HighRxt and RescueRxt. */
    void start(int highest) {
        highRxt = highest;
        rescueRxt = highest;
    }

    /**
     * SetPipe (§4): each un-SACKed byte from SND.UNA up to HighData counts once if it is not lost
     * (IsLost) and once more if it was retransmitted (at or below HighRxt).
     *
     * @param max the highest sequence number sent plus one
     */
    int pipe(SackScoreboard board, int una, int max, int smss) {
        int edge = board.lossEdge(smss);
        long pipe = unsacked(board, SeqNum.max(edge, una), max);
        if (SeqNum.ge(highRxt, una)) {
            pipe += unsacked(board, una, SeqNum.min(highRxt + 1, max));
        }
        return (int) pipe;
    }

    /** Un-SACKed bytes in [from, to). */
    private static long unsacked(SackScoreboard board, int from, int to) {
        int length = SeqNum.diff(to, from);
        if (length <= 0) {
            return 0;
        }
        return length - (board.sackedBytesAbove(from - 1) - board.sackedBytesAbove(to - 1));
    }

    /**
     * NextSeg rule 1: the first un-SACKed byte S2 above HighRxt that lies below the highest SACKed
     * byte and is lost (IsLost): a segment of up to SMSS from S2 within its hole.
     *
     * @return its length, 0 if the rule does not apply
     */
    int ruleOne(SackScoreboard board, int una, int smss) {
        int s2 = board.nextUnsacked(SeqNum.max(una, highRxt + 1));
        if (!SeqNum.lt(s2, board.highestSacked()) || !SeqNum.lt(s2, board.lossEdge(smss))) {
            return 0;
        }
        return hole(board, s2, smss);
    }

    /** NextSeg rule 3: as rule 1 without the loss condition: any un-SACKed byte above HighRxt below the highest SACKed. */
    int ruleThree(SackScoreboard board, int una, int smss) {
        int s3 = board.nextUnsacked(SeqNum.max(una, highRxt + 1));
        if (!SeqNum.lt(s3, board.highestSacked())) {
            return 0;
        }
        return hole(board, s3, smss);
    }

    /** Rule 1 or 3 sent {@code seq .. seq + length - 1}: HighRxt moves up to it (§5 C.2). */
    void retransmitted(int length) {
        highRxt = SeqNum.max(highRxt, seq + length - 1);
    }

    /**
     * NextSeg rule 4, the rescue retransmission: once per recovery, after the cumulative ACK has
     * passed RescueRxt, the last SMSS below HighData when the highest outstanding byte is not
     * SACKed (a lost tail no SACK can reveal). Records RescueRxt = RecoveryPoint; HighRxt is left.
     *
     * @param max the highest sequence number sent plus one
     * @param recoveryPoint RecoveryPoint (RFC 6675 §2), the highest sequence number sent when recovery began
     */
    int ruleFour(SackScoreboard board, int una, int max, int recoveryPoint, int smss) {
        if (!SeqNum.gt(una - 1, rescueRxt) || !SeqNum.lt(board.highestSacked(), max) || !SeqNum.lt(una, max)) {
            return 0;
        }
        seq = SeqNum.max(una, max - smss);
        rescueRxt = recoveryPoint;
        return SeqNum.diff(max, seq);
    }

    private int hole(SackScoreboard board, int from, int smss) {
        seq = from;
        return Math.min(smss, SeqNum.diff(board.holeEnd(from), from));
    }
}

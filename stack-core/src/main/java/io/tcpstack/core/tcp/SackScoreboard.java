package io.tcpstack.core.tcp;

import io.tcpstack.core.wire.TcpOptions;

/**
 * The data sender's SACK scoreboard (RFC 6675 §3): which bytes above SND.UNA the peer reported
 * holding in SACK blocks (RFC 2018). Which segments are lost is RACK's judgement (RFC 8985), kept
 * per segment in the {@link SentLog}: a {@link Listener} hears of every range newly SACKed.
 *
 * <p>SACK blocks are validated (a block outside SND.UNA..SND.NXT is ignored) and merged; a D-SACK
 * block (RFC 2883 §4: the first block, below the cumulative ACK or inside the second block)
 * reports a duplicate and is counted, not recorded. Everything below SND.UNA is forgotten as it
 * advances. Sequence numbers are kept unwrapped as {@code long} positions relative to SND.UNA.
 * Loop-confined; allocation-free in the steady state.
 */
final class SackScoreboard {
    /** SACKed bytes as positions; all at or above {@link #unaPos}. */
    private final RangeSet sacked = new RangeSet();
    /** SND.UNA at the last {@link #update}; position {@link #unaPos}. */
    private int una;
    /** The position of {@link #una}: positions are {@code unaPos + (seq - una)}. */
    private long unaPos;
    /** HighData (RFC 6675 §2): SND.NXT, the highest sequence number sent plus one, at the last update. */
    private int highData;
    /** D-SACK blocks received (RFC 2883), never recorded in the scoreboard. */
    private long dsacks;
    /** The last update's ACK carried a D-SACK block, {@link #dsackLeft} to {@link #dsackRight}. */
    private boolean lastHadDsack;
    /** Left edge of the last D-SACK block received. */
    private int dsackLeft;
    /** Right edge of the last D-SACK block received. */
    private int dsackRight;
    /** SACK blocks ignored for lying outside SND.UNA..SND.NXT or being empty. */
    private long invalidBlocks;

    /**
     * Records the SACK blocks of an acceptable ACK (RFC 6675 §5: on every ACK), after SND.UNA
     * moved to {@code sndUna}; forgets everything below it.
     *
     * @param segAck  SEG.ACK of the arriving segment (D-SACK detection)
     * @param sndUna  SND.UNA after the ACK was processed
     * @param sndNxt  the highest sequence number sent plus one
     * @param options the arriving segment's options (its SACK blocks, if any)
     * @param listener told of each range newly SACKed, before it is recorded
     * @return true if the ACK carried SACK information not received before (RFC 6675 §2
     *         "DupAck" (c)); a D-SACK is not new information
     */
    public boolean update(int segAck, int sndUna, int sndNxt, TcpOptions options, Listener listener) {
        advance(sndUna);
        highData = sndNxt;
        lastHadDsack = false;
        int blocks = options.sackBlockCount();
        long added = 0;
        for (int i = 0; i < blocks; i++) {
            int left = options.sackLeft(i);
            int right = options.sackRight(i);
            if (i == 0 && isDsack(left, right, segAck, options)) {
                dsacks++;
                lastHadDsack = true;
                dsackLeft = left;
                dsackRight = right;
                continue;
            }
            if (!SeqNum.lt(left, right) || SeqNum.lt(left, una) || SeqNum.gt(right, sndNxt)) {
                invalidBlocks++; // RFC 2018 §5 / RFC 6675 §5: only SND.UNA =< left < right =< SND.NXT
                continue;
            }
            for (int p = nextUnsacked(left); SeqNum.lt(p, right); p = nextUnsacked(p)) {
                int gapEnd = SeqNum.min(holeEnd(p), right);
                listener.newlySacked(p, gapEnd);
                p = gapEnd;
            }
            added += sacked.add(pos(left), pos(right));
        }
        return added > 0;
    }

    /** RFC 2883 §4: the first block is a D-SACK if it lies below SEG.ACK or inside the second block. */
    private static boolean isDsack(int left, int right, int segAck, TcpOptions options) {
        if (SeqNum.le(right, segAck)) {
            return true;
        }
        return options.sackBlockCount() > 1
                && SeqNum.ge(left, options.sackLeft(1)) && SeqNum.le(right, options.sackRight(1));
    }

    /** Hears of SACK information as it arrives. */
    @FunctionalInterface
    public interface Listener {
        /** {@code [from, to)}, not SACKed before, is SACKed by the ACK being processed. */
        void newlySacked(int from, int to);
    }

    /** Forgets everything (RFC 2018 §8: the receiver reneged on what it SACKed). */
    public void clear() {
        sacked.clear();
    }

    /** True if byte {@code seq} was SACKed. */
    public boolean isSacked(int seq) {
        return sacked.contains(pos(seq));
    }

    /** The SACKed ranges as sequence numbers {@code [left0, right0, left1, right1, ...]}, lowest first; a copy. */
    int[] blocks() {
        int[] edges = new int[2 * sacked.count()];
        for (int i = 0; i < sacked.count(); i++) {
            edges[2 * i] = seq(sacked.start(i));
            edges[2 * i + 1] = seq(sacked.end(i));
        }
        return edges;
    }

    /** True if nothing above SND.UNA is SACKed. */
    public boolean isEmpty() {
        return sacked.isEmpty();
    }

    /** The sequence number just past the highest SACKed byte; SND.UNA if nothing is SACKed. */
    public int highestSacked() {
        return sacked.isEmpty() ? una : seq(sacked.last());
    }

    /** SACKed bytes above SND.UNA. */
    public int sackedBytes() {
        return (int) sacked.size();
    }

    /** The first sequence number at or after {@code seq} that is not SACKed (where a hole starts). */
    public int nextUnsacked(int seq) {
        int i = sacked.indexOf(pos(seq));
        return i < 0 ? seq : seq(sacked.end(i));
    }

    /**
     * For an un-SACKed {@code seq}: where its hole ends, the left edge of the next SACKed range,
     * or HighData (SND.NXT at the last update) if no SACKed range lies above it. For a SACKed
     * {@code seq}: {@code seq} itself (the hole is empty).
     */
    public int holeEnd(int seq) {
        long p = pos(seq);
        int i = sacked.firstEndingAfter(p);
        if (i == sacked.count()) {
            return SeqNum.max(highData, seq);
        }
        return sacked.start(i) <= p ? seq : seq(sacked.start(i));
    }

    /** Left edge of the last D-SACK block (meaningful after one arrived). */
    public int dsackLeft() {
        return dsackLeft;
    }

    /** Right edge of the last D-SACK block (meaningful after one arrived). */
    public int dsackRight() {
        return dsackRight;
    }

    /** D-SACK blocks received so far (RFC 2883: each reports a duplicate the peer received). */
    public long dsacks() {
        return dsacks;
    }

    /** True if the ACK of the last {@link #update} carried a D-SACK block. */
    public boolean lastAckHadDsack() {
        return lastHadDsack;
    }

    /** SACK blocks ignored as invalid so far. */
    public long invalidBlocks() {
        return invalidBlocks;
    }

    private void advance(int sndUna) {
        if (sacked.isEmpty()) {
            una = sndUna; // nothing recorded: positions can restart anywhere
            unaPos = 0;
            return;
        }
        int d = SeqNum.diff(sndUna, una);
        if (d > 0) {
            una = sndUna;
            unaPos += d;
            sacked.removeBelow(unaPos);
        }
    }

    private long pos(int seq) {
        return unaPos + SeqNum.diff(seq, una);
    }

    private int seq(long position) {
        return una + (int) (position - unaPos);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("sacked{");
        for (int i = 0; i < sacked.count(); i++) {
            sb.append(i == 0 ? "" : " ").append(Integer.toUnsignedString(seq(sacked.start(i))))
                    .append('-').append(Integer.toUnsignedString(seq(sacked.end(i))));
        }
        return sb.append('}').toString();
    }
}

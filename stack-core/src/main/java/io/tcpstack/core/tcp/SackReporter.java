package io.tcpstack.core.tcp;

import io.tcpstack.core.wire.TcpOptions;

/**
 * The data receiver's side of SACK: which blocks of out-of-order data the next ACK reports
 * (RFC 2018 §4) and the duplicate it reports first (D-SACK, RFC 2883 §4). The blocks themselves
 * are the receive buffer's out-of-order ranges; this class only remembers their order of
 * arrival, by one sequence number inside each recently reported block. Made by the receiver once
 * SACK is negotiated and there is first something to report; its two small arrays exist only
 * while there is something to report (an idle connection has none). Loop-confined.
 */
final class SackReporter {
    private static final int MAX_BLOCKS = TcpOptions.MAX_SACK_BLOCKS;

    /**
     * A sequence number inside each recently changed out-of-order block, most recent first
     * (RFC 2018 §4: the block holding the latest segment first, then the others in the order
     * they were last reported); slots {@code [0, recentCount)} are used, and may be stale (below
     * RCV.NXT, or two in one block after a merge) until the next {@link #fill}. Null while
     * {@link #written} is, made by the first block or fill to report.
     */
    private int[] recent;
    private int recentCount;
    /** A duplicate segment arrived and the next ACK reports it as its first block (RFC 2883 §4). */
    private boolean dsackPending;
    /** Left edge of the duplicate range to report; meaningful only with {@link #dsackPending}. */
    private int dsackLeft;
    /** Right edge of the duplicate range to report; meaningful only with {@link #dsackPending}. */
    private int dsackRight;
    /**
     * Blocks (as buffer indices) written by the current {@link #fill}, to report each once. Made
     * with {@link #recent}; both are dropped by a fill that leaves no out-of-order block.
     */
    private int[] written;
    /** Slots of {@link #written} used by the current {@link #fill}. */
    private int writtenCount;

    /** Out-of-order data containing {@code seq} arrived: its block becomes the most recent. */
    void received(int seq) {
        makeArrays();
        int n = Math.min(recentCount, MAX_BLOCKS - 1);
        System.arraycopy(recent, 0, recent, 1, n);
        recent[0] = seq;
        recentCount = n + 1;
    }

    /** Bytes {@code [left, right)}, not empty, arrived again: reported once, first, by the next ACK (RFC 2883 §4 (1)). */
    void duplicate(int left, int right) {
        dsackPending = true;
        dsackLeft = left;
        dsackRight = right;
    }

    /** True if the next ACK has blocks to report. */
    boolean hasBlocks(ReceiveBuffer buffer) {
        return dsackPending || buffer.outOfOrderBlocks() > 0;
    }

    /**
     * Adds up to {@code maxBlocks} SACK blocks to {@code out}: the D-SACK block and the
     * out-of-order block containing it (RFC 2883 §4 (2)), then the most recently changed blocks
     * (RFC 2018 §4), then any other block, highest first.
     *
     * @return blocks added
     */
    int fill(TcpOptions out, int rcvNxt, ReceiveBuffer buffer, int maxBlocks) {
        makeArrays();
        int max = Math.min(maxBlocks, MAX_BLOCKS);
        int room = max;
        writtenCount = 0;
        if (dsackPending && room > 0) {
            out.addSackBlock(dsackLeft, dsackRight);
            room--;
            int holding = SeqNum.gt(dsackLeft, rcvNxt) ? buffer.blockHolding(SeqNum.diff(dsackLeft, rcvNxt)) : -1;
            if (holding >= 0 && room > 0) {
                room -= write(out, rcvNxt, buffer, holding);
            }
        }
        int kept = 0;
        for (int r = 0; r < recentCount; r++) {
            int offset = SeqNum.diff(recent[r], rcvNxt);
            int block = offset > 0 ? buffer.blockHolding(offset) : -1;
            if (block < 0 || isWritten(block)) {
                continue; // now in order, or merged into a block already reported
            }
            recent[kept++] = recent[r];
            if (room > 0) {
                room -= write(out, rcvNxt, buffer, block);
            }
        }
        recentCount = kept;
        for (int block = buffer.outOfOrderBlocks() - 1; block >= 0 && room > 0; block--) {
            if (!isWritten(block)) {
                room -= write(out, rcvNxt, buffer, block);
            }
        }
        if (kept == 0 && buffer.outOfOrderBlocks() == 0) {
            recent = null; // nothing out of order any more: back to the idle footprint
            written = null;
        }
        return max - room;
    }

    private void makeArrays() {
        if (recent == null) {
            recent = new int[MAX_BLOCKS];
            written = new int[MAX_BLOCKS];
        }
    }

    /** The segment that carried the blocks of the last {@link #fill} was sent: the D-SACK is reported. */
    void sent() {
        dsackPending = false;
    }

    /** Adds out-of-order block {@code block} to {@code out}; returns the one block used. */
    private int write(TcpOptions out, int rcvNxt, ReceiveBuffer buffer, int block) {
        out.addSackBlock(rcvNxt + buffer.blockStart(block), rcvNxt + buffer.blockEnd(block));
        written[writtenCount++] = block;
        return 1;
    }

    /** Whether out-of-order block {@code block} was written by the current {@link #fill}. */
    private boolean isWritten(int block) {
        for (int i = 0; i < writtenCount; i++) {
            if (written[i] == block) {
                return true;
            }
        }
        return false;
    }
}

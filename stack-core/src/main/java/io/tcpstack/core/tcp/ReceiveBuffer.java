package io.tcpstack.core.tcp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The receive queue of one connection (RFC 9293 §3.10.7.4, "seventh, process the segment text"):
 * in-order bytes waiting for the user, and out-of-order bytes kept for reassembly.
 *
 * <p>Segments are kept as retained slices of the buffers they arrived in, never copied. Positions
 * are counted in bytes since the buffer was created ({@code long}, so they never wrap); the
 * caller speaks in offsets from RCV.NXT and keeps the 32-bit sequence arithmetic.
 *
 * <p>The receive window is {@code capacity - readable()}: out-of-order bytes lie inside it, and
 * filling a hole moves RCV.NXT and the bytes it makes readable by the same amount, so the right
 * edge (RCV.NXT + window) never moves left (RFC 1122 §4.2.2.16, no window shrinking). The caller
 * may let a segment reach a little further ({@link #offer}'s limit): with window scaling the
 * advertised edge is rounded up to the scale's granularity and must be honoured (RFC 7323 §2.4),
 * so the bytes held may exceed the capacity by that rounding.
 *
 * <p>The out-of-order bytes are also kept as merged ranges ({@link #outOfOrderBlocks()}), the
 * blocks SACK reports (RFC 2018 §3).
 *
 * <p>An empty buffer holds only counters: the oldest in-order slice has a field of its own, a queue
 * for the later ones is made when two wait at once (and kept while it stays small), and the
 * out-of-order arrays and ranges exist only while out-of-order bytes do. An idle connection thus pays for
 * none of them, and a connection receiving in order allocates nothing per segment.
 *
 * <p>Confined to the connection's event loop.
 */
final class ReceiveBuffer {
    private static final int INITIAL_OUT_OF_ORDER_SLOTS = 8;
    /** Slices {@link #inOrderTail} holds before it grows; a queue that grew is dropped once it empties. */
    private static final int SMALL_IN_ORDER_QUEUE = 4;

    /** Most bytes held at once, in-order plus out-of-order; only grows ({@link #grow}). */
    private int capacity;

    /**
     * The oldest in-order slice, never empty; null exactly when {@link #readable} is 0. With the
     * slices of {@link #inOrderTail} its readable bytes add up to {@link #readable}.
     */
    private ByteBuf inOrderHead;

    /**
     * The in-order slices after {@link #inOrderHead}, oldest first. Null until two slices wait at
     * once, and again after it emptied while {@link #inOrderTailGrown}.
     */
    private ArrayDeque<ByteBuf> inOrderTail;

    /** {@link #inOrderTail} held more than {@link #SMALL_IN_ORDER_QUEUE} slices since it was made. */
    private boolean inOrderTailGrown;

    /** Bytes in the in-order slices. */
    private int readable;

    /** Position of RCV.NXT: every byte before it has been made in-order. */
    private long rcvNxt;

    /**
     * Out-of-order pieces, sorted by start, non-overlapping, each starting after {@link #rcvNxt}
     * and ending no later than {@code rcvNxt + window()}. Slots {@code [0, oooCount)} are used;
     * null exactly when {@code oooCount == 0}.
     */
    private long[] oooStart;

    /** The bytes of each out-of-order piece, parallel to {@link #oooStart} (null with it). */
    private ByteBuf[] oooData;

    /** Number of out-of-order pieces. */
    private int oooCount;

    /** Bytes in the out-of-order pieces. */
    private int oooBytes;

    /**
     * The positions of the out-of-order pieces as merged contiguous ranges, all above {@link #rcvNxt};
     * null exactly when {@code oooCount == 0}.
     */
    private RangeSet oooRanges;

    public ReceiveBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("receive buffer capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    /** Raises the capacity to {@code newCapacity} (receive buffer auto-tuning); it never shrinks. */
    public void grow(int newCapacity) {
        capacity = Math.max(capacity, newCapacity);
    }

    /**
     * Sequence space after RCV.NXT the buffer has room for: the most a window may offer. Negative
     * while bytes taken under a rounded-up window (see {@link #offer(int, ByteBuf, int)}) wait to be read.
     */
    public int window() {
        return capacity - readable;
    }

    /** In-order bytes ready for {@link #read}. */
    public int readable() {
        return readable;
    }

    /** All bytes held: in-order plus out-of-order. */
    public int buffered() {
        return readable + oooBytes;
    }

    public boolean hasOutOfOrder() {
        return oooCount > 0;
    }

    /** Number of contiguous out-of-order blocks, lowest first. */
    public int outOfOrderBlocks() {
        return oooRanges == null ? 0 : oooRanges.count();
    }

    /** Offset from RCV.NXT of the first byte of out-of-order block {@code i} (always positive). */
    public int blockStart(int i) {
        return (int) (oooRanges.start(i) - rcvNxt);
    }

    /** Offset from RCV.NXT just past the last byte of out-of-order block {@code i}. */
    public int blockEnd(int i) {
        return (int) (oooRanges.end(i) - rcvNxt);
    }

    /** Index of the out-of-order block holding the byte at {@code offset} from RCV.NXT, or -1. */
    public int blockHolding(int offset) {
        return oooRanges == null ? -1 : oooRanges.indexOf(rcvNxt + offset);
    }

    /** Index of the first out-of-order block ending after {@code offset} from RCV.NXT; {@link #outOfOrderBlocks()} if none. */
    public int firstBlockEndingAfter(int offset) {
        return oooRanges == null ? 0 : oooRanges.firstEndingAfter(rcvNxt + offset);
    }

    /** {@link #offer(int, ByteBuf, int)} limited to the buffer's own window. */
    public int offer(int offset, ByteBuf data) {
        return offer(offset, data, window());
    }

    /**
     * Stores the readable bytes of {@code data}, which start {@code offset} bytes after RCV.NXT
     * ({@code SEG.SEQ - RCV.NXT}; negative for a segment that begins with bytes already
     * received). Bytes before RCV.NXT or beyond {@code limit} bytes after it are trimmed, and so
     * are bytes already held out of order (the first copy of a byte is kept). {@code data} itself
     * is not changed and remains the caller's to release; the buffer keeps retained slices of it.
     *
     * @param limit how far after RCV.NXT bytes are taken: {@link #window()}, or the window the
     *              connection advertised if that reaches further
     * @return how many bytes became in-order: RCV.NXT advances by that much
     */
    public int offer(int offset, ByteBuf data, int limit) {
        long start = rcvNxt + offset;
        long from = Math.max(start, rcvNxt);
        long to = Math.min(start + data.readableBytes(), rcvNxt + Math.max(limit, 0));
        if (from >= to) {
            return 0;
        }
        if (oooCount == 0 && from == rcvNxt) {
            appendInOrder(data.retainedSlice(data.readerIndex() + (int) (from - start), (int) (to - from)));
            return (int) (to - from);
        }
        storeOutOfOrder(data, start, from, to);
        return drainInOrder();
    }

    /**
     * Moves up to {@code max} in-order bytes into {@code dst} (no more than it can grow to take).
     *
     * @return bytes moved
     */
    public int read(ByteBuf dst, int max) {
        return consume(dst, Math.min(max, dst.maxWritableBytes()));
    }

    /**
     * Drops up to {@code max} in-order bytes without copying them, as if read.
     *
     * @return bytes dropped
     */
    public int skip(int max) {
        return consume(null, max);
    }

    /** Takes up to {@code max} in-order bytes off the head, into {@code dst} unless it is null. */
    private int consume(ByteBuf dst, int max) {
        int n = Math.min(max, readable);
        int remaining = n;
        while (remaining > 0) {
            ByteBuf first = inOrderHead;
            int k = Math.min(remaining, first.readableBytes());
            if (dst != null) {
                dst.writeBytes(first, k);
            } else {
                first.skipBytes(k);
            }
            remaining -= k;
            if (!first.isReadable()) {
                first.release();
                inOrderHead = inOrderTail == null ? null : inOrderTail.pollFirst();
            }
        }
        readable -= n;
        if (readable == 0 && inOrderTailGrown) {
            inOrderTail = null;
        }
        return n;
    }

    /** Releases everything held; the buffer is then empty (RCV.NXT is kept). */
    public void release() {
        if (inOrderHead != null) {
            inOrderHead.release();
            inOrderHead = null;
        }
        if (inOrderTail != null) {
            for (ByteBuf b; (b = inOrderTail.pollFirst()) != null; ) {
                b.release();
            }
            inOrderTail = null;
        }
        readable = 0;
        for (int i = 0; i < oooCount; i++) {
            oooData[i].release();
        }
        oooStart = null;
        oooData = null;
        oooCount = 0;
        oooBytes = 0;
        oooRanges = null;
    }

    private void appendInOrder(ByteBuf slice) {
        if (inOrderHead == null) {
            inOrderHead = slice;
        } else {
            if (inOrderTail == null) {
                inOrderTail = new ArrayDeque<>(SMALL_IN_ORDER_QUEUE);
                inOrderTailGrown = false;
            }
            inOrderTail.addLast(slice);
            inOrderTailGrown |= inOrderTail.size() > SMALL_IN_ORDER_QUEUE;
        }
        readable += slice.readableBytes();
        rcvNxt += slice.readableBytes();
    }

    /** Inserts the bytes {@code [from, to)} of {@code data} (which starts at {@code start}) not yet held. */
    private void storeOutOfOrder(ByteBuf data, long start, long from, long to) {
        if (oooRanges == null) {
            oooRanges = new RangeSet();
        }
        oooRanges.add(from, to);
        int i = firstEndingAfter(from);
        long cursor = from;
        while (cursor < to) {
            if (i < oooCount && oooStart[i] <= cursor) {
                cursor = Math.max(cursor, oooStart[i] + oooData[i].readableBytes());
                i++;
                continue;
            }
            long gapEnd = i < oooCount ? Math.min(to, oooStart[i]) : to;
            int length = (int) (gapEnd - cursor);
            insertAt(i, cursor, data.retainedSlice(data.readerIndex() + (int) (cursor - start), length));
            oooBytes += length;
            i++;
            cursor = gapEnd;
        }
    }

    /** Index of the first out-of-order piece that ends after {@code position}. */
    private int firstEndingAfter(long position) {
        int lo = 0;
        int hi = oooCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (oooStart[mid] + oooData[mid].readableBytes() <= position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void insertAt(int i, long start, ByteBuf slice) {
        if (oooStart == null) {
            oooStart = new long[INITIAL_OUT_OF_ORDER_SLOTS];
            oooData = new ByteBuf[INITIAL_OUT_OF_ORDER_SLOTS];
        } else if (oooCount == oooStart.length) {
            oooStart = Arrays.copyOf(oooStart, oooCount * 2);
            oooData = Arrays.copyOf(oooData, oooCount * 2);
        }
        System.arraycopy(oooStart, i, oooStart, i + 1, oooCount - i);
        System.arraycopy(oooData, i, oooData, i + 1, oooCount - i);
        oooStart[i] = start;
        oooData[i] = slice;
        oooCount++;
    }

    /** Moves the out-of-order pieces that now start at RCV.NXT to the in-order queue. */
    private int drainInOrder() {
        long before = rcvNxt;
        int drained = 0;
        while (drained < oooCount && oooStart[drained] == rcvNxt) {
            ByteBuf piece = oooData[drained];
            oooBytes -= piece.readableBytes();
            appendInOrder(piece);
            drained++;
        }
        if (drained > 0) {
            System.arraycopy(oooStart, drained, oooStart, 0, oooCount - drained);
            System.arraycopy(oooData, drained, oooData, 0, oooCount - drained);
            Arrays.fill(oooData, oooCount - drained, oooCount, null);
            oooCount -= drained;
            oooRanges.removeBelow(rcvNxt);
            if (oooCount == 0) {
                oooStart = null;
                oooData = null;
                oooRanges = null;
            }
        }
        return (int) (rcvNxt - before);
    }
}

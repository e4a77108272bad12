package io.tcpstack.core.tcp;

import java.util.Arrays;

/**
 * The sender's record of every segment between SND.UNA and the highest sequence number sent
 * (RFC 8985 §5.1 per-segment variables): its sequence range, Segment.xmit_ts of its latest
 * transmission and its marks: SACKed, lost, a retransmission in flight, ever retransmitted. The
 * ranges are contiguous: entry {@code i} covers {@code [start[i], start[i + 1])}, the last one
 * ends at {@link #end}. A SACK block edge or a retransmission boundary inside an entry splits it,
 * so every entry is wholly SACKed or not (the scoreboard's ranges are unions of entries).
 *
 * <p>Byte counts of the marks are kept as they change, so the pipe (RFC 6675 §4 SetPipe with
 * RACK's lost marks, as Linux's packets_out - sacked_out - lost_out + retrans_out) costs nothing
 * to read. Parallel primitive arrays, grown by doubling, held only while something is outstanding.
 * Loop-confined; used only once SACK is negotiated.
 */
final class SentLog {
    /** The peer SACKed the entry (RFC 2018); it leaves the pipe. */
    static final int SACKED = 1;
    /** RACK (or the retransmission timeout) judged the entry lost (RFC 8985 §6.2 step 5, §6.3). */
    static final int LOST = 2;
    /** A retransmission of the entry is in flight (cleared when RACK judges that one lost too). */
    static final int RETRANS = 4;
    /** Segment.retransmitted (RFC 8985 §5.1): the entry was sent more than once. */
    static final int EVER_RETRANSMITTED = 8;

    /**
     * Slots of the arrays when something becomes outstanding; they double as a window needs more.
     * They are let go when everything sent has been acknowledged, so an idle connection holds
     * none: a few allocations per burst of transmissions (as the send buffer's ring), none per
     * segment while data stays outstanding.
     */
    private static final int INITIAL = 4;
    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];
    private static final byte[] NO_BYTES = new byte[0];

    /** Sequence number of each entry's first byte; entries {@code [head, tail)} are live, ascending. */
    private int[] start = NO_INTS;
    /** Segment.xmit_ts: clock nanos of each entry's latest transmission. */
    private long[] xmitTs = NO_LONGS;
    /** Each entry's marks ({@link #SACKED}, {@link #LOST}, {@link #RETRANS}, {@link #EVER_RETRANSMITTED}). */
    private byte[] flags = NO_BYTES;
    /** First live slot. */
    private int head;
    /** One past the last live slot; {@code head == tail} when nothing is outstanding. */
    private int tail;
    /** One past the last sequence number recorded (the highest sent plus one); meaningful when not empty. */
    private int end;
    /** Bytes in SACKED entries. */
    private int sackedBytes;
    /** Bytes in un-SACKed LOST entries. */
    private int lostBytes;
    /** Bytes in un-SACKed entries with a retransmission in flight. */
    private int retransBytes;
    /** Bytes in LOST entries that are not SACKed and have no retransmission in flight. */
    private int lostWaiting;
    /** SACKED entries (RACK.segs_sacked, RFC 8985 §5.2). */
    private int sackedSegments;
    /** No un-SACKed entry below this sequence number is LOST without a retransmission in flight. */
    private int lostHint;
    /** Where the entry found by the last successful {@link #nextLost} starts. */
    int foundSeq;

    boolean isEmpty() {
        return head == tail;
    }

    /** Bytes outstanding and not SACKed, not lost, plus retransmissions in flight: RFC 6675 §4 SetPipe. */
    long pipe() {
        if (isEmpty()) {
            return 0;
        }
        return SeqNum.diff(end, start[head]) - sackedBytes - lostBytes + retransBytes;
    }

    int sackedSegments() {
        return sackedSegments;
    }

    /** True if an entry is LOST and waits for its retransmission (NextSeg rule 1 has work). */
    boolean hasLost() {
        return lostWaiting > 0;
    }

    /**
     * {@code [seq, segEnd)} was transmitted at {@code now} (RFC 8985 §6.1: Segment.xmit_ts =
     * Now()): a first transmission appends an entry, a retransmission restamps the entries it
     * covers (split at its edges) and marks them retransmitted.
     */
    void sent(int seq, int segEnd, long now) {
        if (isEmpty()) {
            head = tail = 0;
            end = seq;
            lostHint = seq;
        }
        ensureRoom(3);
        if (SeqNum.lt(seq, end)) {
            int rxEnd = SeqNum.min(segEnd, end);
            int i = split(SeqNum.max(seq, start[head]));
            int j = split(rxEnd);
            for (int k = i; k < j; k++) {
                retransmitted(k, now);
            }
            seq = rxEnd;
        }
        if (SeqNum.lt(seq, segEnd)) {
            insertAt(tail);
            start[tail - 1] = end; // contiguous: a first transmission continues at the highest sent
            xmitTs[tail - 1] = now;
            flags[tail - 1] = 0;
            end = segEnd;
        }
    }

    private void retransmitted(int k, long now) {
        int f = flags[k];
        xmitTs[k] = now;
        if ((f & SACKED) != 0) {
            return;
        }
        int len = length(k);
        if ((f & RETRANS) == 0) {
            retransBytes += len;
            if ((f & LOST) != 0) {
                lostWaiting -= len;
            }
        }
        flags[k] = (byte) (f | RETRANS | EVER_RETRANSMITTED);
    }

    /**
     * SND.UNA moved to {@code una}: entries wholly below it leave; each that was not SACKed is
     * newly delivered (RFC 8985 §6.2 step 2) and reported to {@code rack}.
     */
    void acked(int una, Rack rack) {
        while (!isEmpty()) {
            int entryEnd = entryEnd(head);
            if (SeqNum.gt(entryEnd, una)) {
                if (SeqNum.gt(una, start[head])) {
                    int cut = SeqNum.diff(una, start[head]);
                    unaccount(head, cut);
                    start[head] = una;
                }
                break;
            }
            int f = flags[head];
            if ((f & SACKED) == 0) {
                rack.delivered(xmitTs[head], entryEnd, (f & EVER_RETRANSMITTED) != 0);
            } else {
                sackedSegments--;
            }
            unaccount(head, length(head));
            head++;
        }
        if (!isEmpty() && SeqNum.lt(lostHint, start[head])) {
            lostHint = start[head];
        }
        if (isEmpty()) {
            dropArrays();
        }
    }

    /** Lets the arrays go (nothing is outstanding). */
    private void dropArrays() {
        start = NO_INTS;
        xmitTs = NO_LONGS;
        flags = NO_BYTES;
        head = tail = 0;
    }

    /** Removes {@code bytes} of entry {@code k} from the mark counts (it is being acknowledged). */
    private void unaccount(int k, int bytes) {
        int f = flags[k];
        if ((f & SACKED) != 0) {
            sackedBytes -= bytes;
            return;
        }
        if ((f & LOST) != 0) {
            lostBytes -= bytes;
            if ((f & RETRANS) == 0) {
                lostWaiting -= bytes;
            }
        }
        if ((f & RETRANS) != 0) {
            retransBytes -= bytes;
        }
    }

    /**
     * {@code [from, to)}, within the record and not SACKed before, was newly SACKed: its entries
     * are marked and each is newly delivered (RFC 8985 §6.2 step 2).
     */
    void sacked(int from, int to, Rack rack) {
        if (isEmpty()) {
            return;
        }
        ensureRoom(2);
        int i = split(SeqNum.max(from, start[head]));
        int j = split(SeqNum.min(to, end));
        for (int k = i; k < j; k++) {
            int f = flags[k];
            if ((f & SACKED) != 0) {
                continue;
            }
            unaccount(k, length(k));
            sackedBytes += length(k);
            sackedSegments++;
            flags[k] = (byte) ((f & EVER_RETRANSMITTED) | SACKED);
            rack.delivered(xmitTs[k], entryEnd(k), (f & EVER_RETRANSMITTED) != 0);
        }
    }

    /** The peer reneged (it discarded data it had SACKed): no entry is SACKed any more. */
    void forgetSacks() {
        for (int k = head; k < tail; k++) {
            flags[k] &= ~SACKED;
        }
        sackedBytes = 0;
        sackedSegments = 0;
    }

    /**
     * RFC 8985 §6.2 step 5, RACK_detect_loss: every entry neither SACKed nor awaiting its
     * retransmission that was sent before RACK.xmit_ts/RACK.end_seq is lost once RACK.rtt +
     * RACK.reo_wnd have passed since it was sent.
     *
     * @return the time until the next such entry is due (the reorder timer, RFC 8985 §6.2), 0 if none waits
     */
    long detectLoss(Rack rack, long reoWnd, long now) {
        long timeout = 0;
        for (int k = head; k < tail; k++) {
            int f = flags[k];
            if ((f & SACKED) != 0 || (f & (LOST | RETRANS)) == LOST) {
                continue;
            }
            if (!rack.sentAfter(xmitTs[k], entryEnd(k))) {
                if ((f & EVER_RETRANSMITTED) == 0) {
                    break; // sent once, after RACK's segment: every later entry was first sent later still
                }
                continue;
            }
            long remaining = xmitTs[k] + rack.rtt() + reoWnd - now;
            if (remaining <= 0) {
                markLost(k);
            } else {
                timeout = Math.max(timeout, remaining);
            }
        }
        return timeout;
    }

    /**
     * RFC 8985 §6.3, on a retransmission timeout: the first un-SACKed entry is lost, and every
     * other one sent at least RACK.rtt + RACK.reo_wnd ago. SACKed entries stay SACKed (RFC 6675 §5.1).
     */
    void markLostOnTimeout(Rack rack, long reoWnd, long now) {
        boolean first = true;
        for (int k = head; k < tail; k++) {
            int f = flags[k];
            if ((f & SACKED) != 0) {
                continue;
            }
            if (first || xmitTs[k] + rack.rtt() + reoWnd - now <= 0) {
                if ((f & (LOST | RETRANS)) != LOST) {
                    markLost(k);
                }
            }
            first = false;
        }
    }

    private void markLost(int k) {
        int f = flags[k];
        int len = length(k);
        if ((f & RETRANS) != 0) {
            retransBytes -= len; // the retransmission is lost too
        }
        if ((f & LOST) == 0) {
            lostBytes += len;
        }
        lostWaiting += len;
        flags[k] = (byte) ((f & ~RETRANS) | LOST);
        if (SeqNum.lt(start[k], lostHint)) {
            lostHint = start[k];
        }
    }

    /** Every LOST mark is dropped (the losses were spurious, RFC 4015 §2): nothing waits for a retransmission. */
    void forgetLosses() {
        for (int k = head; k < tail; k++) {
            flags[k] &= ~LOST;
        }
        lostBytes = 0;
        lostWaiting = 0;
    }

    /**
     * NextSeg rule 1 (RFC 6675 §4) on RACK's marks: the first entry LOST and not yet
     * retransmitted, at most {@code smss} of it ({@link #foundSeq}).
     *
     * @return its length, 0 if none
     */
    int nextLost(int smss) {
        if (lostWaiting == 0) {
            return 0;
        }
        for (int k = find(lostHint); k < tail; k++) {
            if ((flags[k] & (LOST | RETRANS | SACKED)) == LOST) {
                lostHint = start[k];
                foundSeq = start[k];
                return Math.min(length(k), smss);
            }
        }
        return 0;
    }

    /** Where the last entry starts (the tail loss probe's retransmission, RFC 8985 §7.3). */
    int lastStart() {
        return start[tail - 1];
    }

    /** Index of the entry starting at {@code seq}, splitting the entry that holds it; {@link #tail} for {@link #end}. */
    private int split(int seq) {
        if (seq == end) {
            return tail;
        }
        int k = find(seq);
        if (start[k] == seq) {
            return k;
        }
        insertAt(k + 1);
        start[k + 1] = seq;
        xmitTs[k + 1] = xmitTs[k];
        flags[k + 1] = flags[k];
        if ((flags[k] & SACKED) != 0) {
            sackedSegments++;
        }
        return k + 1;
    }

    /** The entry holding {@code seq} (the first one if {@code seq} lies below it). */
    private int find(int seq) {
        int base = start[head];
        int target = SeqNum.diff(seq, base);
        int lo = head;
        int hi = tail - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (SeqNum.diff(start[mid], base) <= target) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private int entryEnd(int k) {
        return k + 1 < tail ? start[k + 1] : end;
    }

    private int length(int k) {
        return SeqNum.diff(entryEnd(k), start[k]);
    }

    /** Makes room for {@code n} more entries after {@link #tail}: moves the live ones to slot 0, and grows the arrays if half full. */
    private void ensureRoom(int n) {
        if (tail + n <= start.length) {
            return;
        }
        int live = tail - head;
        if ((live + n) * 2 > start.length) {
            int size = Math.max(Math.max(start.length * 2, live + n), INITIAL);
            start = Arrays.copyOf(start, size);
            xmitTs = Arrays.copyOf(xmitTs, size);
            flags = Arrays.copyOf(flags, size);
        }
        System.arraycopy(start, head, start, 0, live);
        System.arraycopy(xmitTs, head, xmitTs, 0, live);
        System.arraycopy(flags, head, flags, 0, live);
        tail = live;
        head = 0;
    }

    /** Opens slot {@code i}, shifting {@code [i, tail)} up by one; the caller made room ({@link #ensureRoom}). */
    private void insertAt(int i) {
        System.arraycopy(start, i, start, i + 1, tail - i);
        System.arraycopy(xmitTs, i, xmitTs, i + 1, tail - i);
        System.arraycopy(flags, i, flags, i + 1, tail - i);
        tail++;
    }

    /** Forgets everything (the connection ends, or nothing is outstanding). */
    void clear() {
        dropArrays();
        sackedBytes = lostBytes = retransBytes = lostWaiting = 0;
        sackedSegments = 0;
    }
}

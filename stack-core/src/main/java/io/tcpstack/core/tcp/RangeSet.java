package io.tcpstack.core.tcp;

import java.util.Arrays;

/**
 * A set of byte positions kept as sorted, disjoint, non-adjacent half-open ranges
 * {@code [start, end)} of {@code long} positions (unwrapped sequence space, so nothing wraps).
 * Adding a range merges it with every range it overlaps or touches. The out-of-order data of the
 * receive buffer (what SACK blocks report, RFC 2018) and the sender's SACK scoreboard
 * (RFC 6675 §3) are both such sets.
 *
 * <p>An empty set holds no arrays: they are made by the first range and dropped when the set
 * empties again, so a connection without out-of-order data or SACK information pays nothing for
 * them. While ranges exist, it is allocation-free once its arrays have grown to the largest number
 * of ranges seen. Confined to one thread.
 */
final class RangeSet {
    private static final int INITIAL_SLOTS = 8;

    /**
     * Range starts, ascending; slots {@code [0, count)} are used. {@code end[i] < start[i + 1]}.
     * Null exactly when {@code count == 0}.
     */
    private long[] start;
    /** Range ends (exclusive), parallel to {@link #start} (null with it); {@code start[i] < end[i]}. */
    private long[] end;
    /** Number of ranges. */
    private int count;
    /** Sum of {@code end[i] - start[i]}. */
    private long size;

    int count() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Positions in the set. */
    long size() {
        return size;
    }

    long start(int i) {
        return start[check(i)];
    }

    long end(int i) {
        return end[check(i)];
    }

    /** Largest position in the set plus one; meaningless when empty. */
    long last() {
        return end[count - 1];
    }

    /**
     * Adds {@code [from, to)}, merging with the ranges it overlaps or touches.
     *
     * @return positions that were not in the set before
     */
    long add(long from, long to) {
        if (from >= to) {
            return 0;
        }
        int first = firstEndingAtOrAfter(from); // the first range that overlaps or touches [from, to)
        int last = first;
        long covered = 0;
        while (last < count && start[last] <= to) {
            covered += Math.min(end[last], to) - Math.max(start[last], from);
            last++;
        }
        // ranges [first, last) merge with the new one into a single range
        long newStart = first < last ? Math.min(start[first], from) : from;
        long newEnd = first < last ? Math.max(end[last - 1], to) : to;
        long added = (to - from) - covered;
        if (first == last) {
            insertAt(first);
        } else if (last - first > 1) {
            removeSlots(first + 1, last - first - 1);
        }
        start[first] = newStart;
        end[first] = newEnd;
        size += added;
        return added;
    }

    /** Removes every position below {@code position}. */
    void removeBelow(long position) {
        int n = 0;
        while (n < count && end[n] <= position) {
            size -= end[n] - start[n];
            n++;
        }
        removeSlots(0, n);
        if (count == 0) {
            return;
        }
        if (start[0] < position) {
            size -= position - start[0];
            start[0] = position;
        }
    }

    void clear() {
        count = 0;
        size = 0;
        start = null;
        end = null;
    }

    boolean contains(long position) {
        int i = firstEndingAfter(position);
        return i < count && start[i] <= position;
    }

    /** Index of the range holding {@code position}, or -1. */
    int indexOf(long position) {
        int i = firstEndingAfter(position);
        return i < count && start[i] <= position ? i : -1;
    }

    /** Index of the first range that ends after {@code position} (it holds it or lies above it); {@link #count} if none. */
    int firstEndingAfter(long position) {
        return search(position + 1);
    }

    /** Index of the first range with {@code end >= position}. */
    private int firstEndingAtOrAfter(long position) {
        return search(position);
    }

    /** Binary search: the first index whose end is at least {@code bound}. */
    private int search(long bound) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (end[mid] < bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void insertAt(int i) {
        if (start == null) {
            start = new long[INITIAL_SLOTS];
            end = new long[INITIAL_SLOTS];
        } else if (count == start.length) {
            start = Arrays.copyOf(start, count * 2);
            end = Arrays.copyOf(end, count * 2);
        }
        System.arraycopy(start, i, start, i + 1, count - i);
        System.arraycopy(end, i, end, i + 1, count - i);
        count++;
    }

    private void removeSlots(int from, int n) {
        if (n == 0) {
            return;
        }
        System.arraycopy(start, from + n, start, from, count - from - n);
        System.arraycopy(end, from + n, end, from, count - from - n);
        count -= n;
        if (count == 0) {
            start = null;
            end = null;
        }
    }

    private int check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("range " + i + " of " + count);
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : " ").append('[').append(start[i]).append(',').append(end[i]).append(')');
        }
        return sb.append('}').toString();
    }
}

package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.FIN;
import static io.tcpstack.core.wire.TcpHeader.SYN;

import io.netty.buffer.ByteBuf;
import io.tcpstack.core.time.TimerScheduler.Timer;
import io.tcpstack.core.wire.TcpHeader;
import io.tcpstack.core.wire.TcpOptions;

/**
 * The receive half of a connection's TCB (RFC 9293 §3.3.1 "Receive Sequence Variables"):
 * RCV.NXT, the advertised window with receiver-side SWS avoidance (§3.8.6.2.2), the
 * reassembling receive buffer and the delayed-ACK policy (§3.8.6.3, RFC 1122 §4.2.3.2).
 * It reaches the rest of the connection only through its {@link TcbContext}; the connection
 * sends the ACKs this class asks for. Loop-confined.
 */
final class TcpReceiver {
    private final TcbContext context;
    /** The peer's SYN was received: {@link #irs} and {@link #nxt} are valid. */
    private boolean synSeen;
    /** IRS: the peer's initial sequence number (its SYN); valid once {@link #synSeen}. */
    private int irs;
    /** RCV.NXT: every sequence number before it was received (SYN, in-order text, FIN). */
    private int nxt;
    /**
     * The right edge of the window, the largest RCV.NXT + RCV.WND ever advertised. It never moves
     * left (RFC 9293 §3.8.6: shrinking the window is strongly discouraged; RFC 7323 §2.4: every
     * segment inside a window once advertised is honoured), so RCV.WND = advertisedEdge - RCV.NXT >= 0.
     */
    private int advertisedEdge;
    /**
     * The window scale shift count our SYN offers (RFC 7323 §2.3): the smallest that lets the
     * whole buffer be advertised, at most 14.
     */
    private final int offeredShift;
    /** Rcv.Wind.Shift (RFC 7323 §2.2): {@link #offeredShift} once both SYNs carried the option, else 0. */
    private int windowShift;
    /** SACK was permitted in both SYNs (RFC 2018 §2): our ACKs report out-of-order data and duplicates. */
    private boolean sackPermitted;
    /** The SACK blocks our ACKs carry (RFC 2018, RFC 2883); made when there is first something to report. */
    private SackReporter sack;
    /** In-order bytes for the user and out-of-order segments awaiting the gap before them; its capacity is RCV.BUFF. */
    private final ReceiveBuffer buffer;
    /** The most RCV.BUFF may grow to ({@link #autotune}); what our window scale is chosen for. */
    private final int maxCapacity;
    /**
     * The peer has filled the window since RCV.BUFF last grew: it sends as fast as the window lets
     * it, so if the user keeps up, the window is what limits the connection ({@link #autotune}).
     */
    private boolean windowFilled;
    /** Our MSS (interface MTU - 40), announced in our SYN: the largest segment the peer should send. */
    private final int mss;
    /** Largest text length received so far, at most {@link #mss}: what a "full-sized" segment is. */
    private int fullSized = TcpHeader.DEFAULT_MSS;
    /** Bytes accepted in order since the last segment we sent with an ACK. */
    private int unackedBytes;
    /** An ACK must go out before processing of the current event ends. */
    private boolean ackNow;
    /**
     * In-order data owes an ACK (at least every second full-sized segment, RFC 9293 §3.8.6.3):
     * sent at once, or at the end of the link's read batch when one is open
     * ({@link TcpLayer#deferAck}).
     */
    private boolean ackForData;
    /**
     * {@link TcpTimer#DELAYED_ACK}: the connection sends the ACK when it fires; armed only while an
     * ACK is owed. Made when first armed: a connection whose user answers at once never needs it.
     */
    private Timer delayedAckTimer;
    /** True once the peer's FIN was consumed (RCV.NXT counts it); no text is accepted after it. */
    private boolean finReceived;
    /** True if a FIN arrived ahead of missing data; it is consumed when RCV.NXT reaches {@link #pendingFinSeq}. */
    private boolean finPending;
    /** Sequence number of the pending FIN, meaningful only with {@link #finPending}. */
    private int pendingFinSeq;

    /**
     * @param capacity    RCV.BUFF to start with
     * @param maxCapacity the most RCV.BUFF may grow to, at least {@code capacity}
     */
    TcpReceiver(TcbContext context, int capacity, int maxCapacity, int mss) {
        this.context = context;
        this.maxCapacity = maxCapacity;
        this.buffer = new ReceiveBuffer(capacity);
        this.offeredShift = shiftFor(maxCapacity);
        this.mss = mss;
    }

    /** The peer's SYN arrived (§3.10.7.2 / §3.10.7.3): IRS = SEG.SEQ, RCV.NXT = SEG.SEQ + 1. */
    void synReceived(int seq) {
        synSeen = true;
        irs = seq;
        nxt = seq + 1;
        advertisedEdge = nxt;
    }

    /** Both SYNs are in (RFC 7323 §2.2, RFC 2018 §2): Rcv.Wind.Shift, and whether our ACKs carry SACK blocks. */
    void negotiated(boolean windowScaling, boolean sackPermitted) {
        windowShift = windowScaling ? offeredShift : 0;
        this.sackPermitted = sackPermitted;
    }

    /** The peer's SYN was received: IRS and RCV.NXT are valid. */
    boolean synSeen() {
        return synSeen;
    }

    /** RCV.NXT. */
    int nxt() {
        return nxt;
    }

    /** The window scale shift count our SYN offers (RFC 7323 §2.3). */
    int offeredShift() {
        return offeredShift;
    }

    /** Our MSS, announced in our SYN. */
    int mss() {
        return mss;
    }

    /** SACK was negotiated: our ACKs report out-of-order data (RFC 2018). */
    boolean sackPermitted() {
        return sackPermitted;
    }

    /** {@link #sack}, made on first use. */
    private SackReporter sack() {
        if (sack == null) {
            sack = new SackReporter();
        }
        return sack;
    }

    /** The peer's FIN was consumed. */
    boolean finReceived() {
        return finReceived;
    }

    /** In-order bytes the user has not read. */
    int readable() {
        return buffer.readable();
    }

    /** The user will read no more: frees the buffer (CLOSE with nothing unread, or after the TCB is gone). */
    void discardInput() {
        context.memory().release(buffer.buffered());
        buffer.release();
    }

    /**
     * Puts SACK blocks on an outgoing ACK if there is out-of-order data or a duplicate to report
     * (RFC 2018 §3, RFC 2883), at most {@code maxBlocks}.
     *
     * @return true if blocks were added; call {@link #sackSent()} once the segment is sent
     */
    boolean fillSack(TcpOptions options, int maxBlocks) {
        return sackPermitted && (sack != null || buffer.hasOutOfOrder()) && sack().hasBlocks(buffer)
                && sack.fill(options, nxt, buffer, maxBlocks) > 0;
    }

    /** The segment {@link #fillSack} filled was sent. */
    void sackSent() {
        sack.sent();
    }

    /** Fills in the receive half of a snapshot. */
    void describe(TcbSnapshot.Builder s) {
        s.irs = irs;
        s.rcvNxt = nxt;
        s.rcvWnd = window();
        s.rcvWindShift = windowShift;
        s.readable = buffer.readable();
    }

    /** RCV.BUFF now. */
    int capacity() {
        return buffer.capacity();
    }

    /** The smallest window scale shift count that lets {@code capacity} bytes be advertised (RFC 7323 §2.3), at most 14. */
    static int shiftFor(int capacity) {
        int shift = 0;
        while (shift < TcpOptions.MAX_WINDOW_SHIFT && ((long) TcpHeader.MAX_WINDOW << shift) < capacity) {
            shift++;
        }
        return shift;
    }

    /** RCV.WND: what is left of the window we last advertised. */
    int window() {
        return SeqNum.diff(advertisedEdge, nxt);
    }

    /** RFC 9293 §3.4: the four cases of the segment acceptability test. */
    boolean acceptable(Segment seg) {
        int len = seg.len();
        int wnd = window();
        if (len == 0) {
            return wnd == 0 ? seg.seq == nxt : SeqNum.inWindow(seg.seq, nxt, wnd);
        }
        if (wnd == 0) {
            return seg.seq == nxt; // §3.4: a zero window still takes ACKs and RSTs; the text is trimmed
        }
        return SeqNum.inWindow(seg.seq, nxt, wnd) || SeqNum.inWindow(seg.seq + len - 1, nxt, wnd);
    }

    /**
     * The window in bytes to put in the next segment sent with {@code shift}. Receiver SWS
     * avoidance (RFC 9293 §3.8.6.2.2): the right edge moves only when it can move by at least
     * min(RCV.BUFF / 2, MSS).
     */
    private int windowToAdvertise(int shift) {
        int free = memoryCap((int) Math.min(buffer.window(), (long) TcpHeader.MAX_WINDOW << shift));
        int offered = window();
        return free - offered >= Math.min(buffer.capacity() / 2, mss) ? free : Math.max(offered, 0);
    }

    /**
     * The window {@code free} bytes would offer, as the layer's {@link MemoryBudget} allows it: under
     * pressure no more than four segments, as Linux clamps {@code rcv_ssthresh} to 4 * advmss,
     * and no more than the budget grants. The window already advertised stays (no shrinking);
     * it closes as data fills it and the user does not read.
     */
    private int memoryCap(int free) {
        MemoryBudget memory = context.memory();
        if (!memory.underPressure()) {
            return free;
        }
        return Math.min(Math.min(free, 4 * mss), memory.grant(free, buffer.buffered()));
    }

    /**
     * True if reading made the window grow enough to be worth a window update of its own: the
     * window the peer knows has shrunk to half the buffer or less, and the one we can offer now
     * (after receiver SWS avoidance) is at least twice as large, as Linux decides it. While the
     * peer still has most of a window to send into, the ACKs its data earns carry the new edge,
     * so a bulk receiver does not answer every read with a segment of its own.
     */
    boolean windowUpdateDue() {
        long known = Math.max(window(), 0);
        return 2 * known <= buffer.capacity() && windowToAdvertise(windowShift) >= Math.max(2 * known, 1);
    }

    /**
     * The window field of a segment that carries our ACK, which is being sent: no ACK is owed any
     * more. A SYN's window is never scaled (RFC 7323 §2.2); otherwise RCV.WND >> Rcv.Wind.Shift,
     * rounded up when rounding down would move the right edge left (RFC 7323 §2.4), so it may
     * reach up to 2^shift - 1 bytes past the buffer; those bytes are honoured.
     */
    int ackSent(boolean syn) {
        int shift = syn ? 0 : windowShift;
        int field = windowToAdvertise(shift) >>> shift;
        if ((long) field << shift < window()) {
            field = (int) Math.min(((long) window() + (1 << shift) - 1) >>> shift, TcpHeader.MAX_WINDOW);
        }
        advertisedEdge = SeqNum.max(advertisedEdge, nxt + (field << shift));
        unackedBytes = 0;
        ackNow = false;
        ackForData = false;
        if (delayedAckTimer != null) {
            delayedAckTimer.cancel();
        }
        return field;
    }

    /** The window field of our bare SYN (RFC 9293 §3.1: SEG.WND is always meaningful), never scaled. */
    int synWindow() {
        return Math.min(buffer.window(), TcpHeader.MAX_WINDOW);
    }

    /** Asks for an immediate ACK (unacceptable segment, out-of-order data, FIN, challenge). */
    void ackNow() {
        ackNow = true;
    }

    boolean ackPending() {
        return ackNow;
    }

    /** In-order data owes an ACK that may wait for the end of the read batch. */
    boolean ackForDataPending() {
        return ackForData;
    }

    /**
     * Seventh step of §3.10.7.4: hands the segment's text to the reassembly buffer and decides
     * when to ACK: out-of-order data, a filled hole and duplicates are ACKed at once (RFC 9293
     * §3.8.6.3, RFC 5681 §4.2); in-order data at least every second full-sized segment, else
     * within the delayed-ACK timeout.
     *
     * @return bytes that became readable in order
     */
    int text(Segment seg) {
        int dataSeq = seg.has(SYN) ? seg.seq + 1 : seg.seq;
        int length = seg.dataLength();
        fullSized = Math.min(mss, Math.max(fullSized, length));
        int offset = SeqNum.diff(dataSeq, nxt);
        boolean hadHole = buffer.hasOutOfOrder();
        if (sackPermitted) {
            reportDuplicate(dataSeq, offset, length);
        }
        int n = store(offset, seg.payload, length);
        nxt += n;
        if (sackPermitted && SeqNum.gt(dataSeq, nxt) && buffer.blockHolding(SeqNum.diff(dataSeq, nxt)) >= 0) {
            sack().received(dataSeq); // RFC 2018 §4: the block holding this segment goes first
        }
        if (offset != 0 || hadHole || n < length) {
            ackNow = true; // out of order, filling a hole, duplicate, or trimmed to the window
        } else {
            windowFilled |= window() < mss; // the peer sent up to the edge (less than a segment is left)
            unackedBytes += n;
            if (unackedBytes >= 2 * fullSized) {
                ackForData = true;
            } // else the ACK is delayed: armDelayedAck() starts the timer once the segment is processed
        }
        return n;
    }

    /**
     * Hands {@code length} bytes starting {@code offset} after RCV.NXT to the buffer, up to the
     * window we advertised (or the buffer's, if that reaches further), as far as the layer's
     * {@link MemoryBudget} grants them: under pressure out-of-order text is dropped rather than
     * queued (Linux prunes its out-of-order queue), and past the limit only the buffer's guarantee
     * is taken. Dropped text is ACKed at once; the peer sends it again.
     *
     * @return bytes that became readable in order
     */
    private int store(int offset, ByteBuf payload, int length) {
        MemoryBudget memory = context.memory();
        if (offset > 0 && memory.underPressure()) {
            context.counters().increment(TcpCounters.Counter.OFO_DROPS);
            return 0;
        }
        int held = buffer.buffered();
        int from = Math.max(offset, 0);
        int wanted = Math.min(offset + length, Math.max(window(), buffer.window())) - from;
        int granted = memory.grant(wanted, held);
        if (granted < wanted) {
            context.counters().increment(offset > 0 ? TcpCounters.Counter.OFO_DROPS : TcpCounters.Counter.RCV_Q_DROPS);
        }
        int n = buffer.offer(offset, payload, from + granted);
        memory.charge(buffer.buffered() - held);
        return n;
    }

    /**
     * Receive buffer auto-tuning (as Linux's receive buffer moderation, {@code tcp_rcv_space_adjust}):
     * when the peer filled the window and the user then read everything, the window is what
     * limits the connection, so RCV.BUFF doubles, up to its maximum and not under memory
     * pressure. A connection whose user reads slowly, or whose peer sends little, keeps its buffer.
     */
    private void autotune() {
        if (!windowFilled || buffer.readable() > 0) {
            return;
        }
        windowFilled = false;
        int capacity = buffer.capacity();
        if (capacity < maxCapacity && !context.memory().underPressure()) {
            buffer.grow((int) Math.min(2L * capacity, maxCapacity));
        }
    }

    /**
     * D-SACK (RFC 2883 §4): the part of {@code [dataSeq, dataSeq + length)} the receiver holds
     * already, below RCV.NXT or out of order, is reported by the next ACK. Only one range is
     * reported; one below RCV.NXT comes first.
     */
    private void reportDuplicate(int dataSeq, int offset, int length) {
        if (offset < 0) {
            duplicate(dataSeq, dataSeq + Math.min(length, -offset));
            return;
        }
        int block = buffer.firstBlockEndingAfter(offset);
        if (block < buffer.outOfOrderBlocks() && buffer.blockStart(block) < offset + length) {
            duplicate(nxt + Math.max(offset, buffer.blockStart(block)),
                    nxt + Math.min(offset + length, buffer.blockEnd(block)));
        }
    }

    /** Bytes {@code [left, right)} arrived again: with SACK, the next ACK reports them first (RFC 2883 §4). */
    private void duplicate(int left, int right) {
        if (sackPermitted && SeqNum.lt(left, right)) {
            sack().duplicate(left, right);
        }
    }

    /** A segment with text wholly below RCV.NXT was dropped as unacceptable: a duplicate for D-SACK. */
    void oldDuplicate(Segment seg) {
        int dataSeq = seg.has(SYN) ? seg.seq + 1 : seg.seq;
        int end = dataSeq + seg.dataLength();
        if (seg.dataLength() > 0 && SeqNum.le(end, nxt) && SeqNum.diff(nxt, dataSeq) <= buffer.capacity()) {
            duplicate(dataSeq, end);
        }
    }

    /**
     * Eighth step of §3.10.7.4: consumes the peer's FIN if it (or one that arrived earlier ahead
     * of a gap) now sits at RCV.NXT. The FIN is ACKed at once.
     *
     * @return true if the FIN was consumed now
     */
    boolean fin(Segment seg) {
        if (finReceived) {
            return false;
        }
        if (seg.has(FIN)) {
            int finSeq = seg.seq + seg.len() - 1;
            if (SeqNum.ge(finSeq, nxt)) {
                finPending = true;
                pendingFinSeq = finSeq;
            }
        }
        if (!finPending || pendingFinSeq != nxt) {
            return false;
        }
        finPending = false;
        finReceived = true;
        nxt++;
        ackNow = true;
        return true;
    }

    /**
     * Called once an arriving segment is fully processed, the user's upcalls included: if received
     * bytes are still unacknowledged, the delayed-ACK timer runs from the first of them (RFC 1122
     * §4.2.3.2: within 500 ms). Armed after the upcalls rather than on arrival, so that an answer
     * the user sends at once carries the ACK and no timer is armed (or made) for it.
     */
    void armDelayedAck() {
        if (unackedBytes == 0) {
            return;
        }
        if (delayedAckTimer == null) {
            delayedAckTimer = context.newTimer(TcpTimer.DELAYED_ACK);
        }
        if (!delayedAckTimer.isArmed()) {
            delayedAckTimer.setDeadline(context.now() + context.delayedAckNanos());
        }
    }

    /** RECEIVE (§3.10.3): moves in-order bytes to the user. */
    int read(ByteBuf dst, int max) {
        return consumed(buffer.read(dst, max));
    }

    /** RECEIVE (§3.10.3) for a user that drops the bytes: in-order bytes are released uncopied. */
    int skip(int max) {
        return consumed(buffer.skip(max));
    }

    /** The user took {@code n} bytes: they leave the memory budget, and the buffer may grow. */
    private int consumed(int n) {
        context.memory().release(n);
        autotune();
        return n;
    }

    /** The TCB is deleted: stops the timer and frees the buffer, unless {@code keepReadable} (then its in-order bytes stay for the user). */
    void release(boolean keepReadable) {
        unackedBytes = 0;
        ackForData = false;
        if (delayedAckTimer != null) {
            delayedAckTimer.cancel();
        }
        if (!keepReadable) {
            discardInput();
        }
    }
}

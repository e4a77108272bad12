package io.tcpstack.core.fault;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tcpstack.core.fault.FaultCounters.Counter;
import io.tcpstack.core.time.TimerScheduler;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The impairments of one direction, applied to each packet in this order: loss; duplication
 * (the copy then goes through the remaining steps on its own); corruption of one bit; reordering
 * (holding the packet back); delay with jitter. Owns every packet it was given until it emits
 * or releases it. Confined to the event loop its timers run on.
 */
final class ImpairedPath {
    /** Where packets go once impaired. */
    interface Sink {
        /** Hands one packet on; ownership passes with it. */
        void emit(ByteBuf packet);

        /** Ends a batch of packets released by a timer (flush, or read-complete upwards). */
        void batchDone();
    }

    /** A packet held back for reordering. */
    private static final class Held {
        /** The held packet; owned by the path until released. */
        final ByteBuf packet;
        /** When it is released at the latest, {@link TimerScheduler#clock()} nanos. */
        final long releaseAt;
        /** Later packets that must still pass before it is released; > 0 while held. */
        int remaining;

        Held(ByteBuf packet, long releaseAt, int remaining) {
            this.packet = packet;
            this.releaseAt = releaseAt;
            this.remaining = remaining;
        }
    }

    /** A packet waiting for its delay to pass. */
    private record Delayed(ByteBuf packet, long dueAt, long sequence) {
    }

    private final FaultSpec spec;
    private final SplittableRandom random;
    private final FaultCounters counters;
    private final Sink sink;
    private final TimerScheduler timers;
    /** Base delay in nanos. */
    private final long delayNanos;
    /** Jitter in nanos: each delay is {@link #delayNanos} plus a uniform value in [-jitter, +jitter]. */
    private final long jitterNanos;
    /** Held packets in the order they were held, which is also {@link Held#releaseAt} order. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    /** Armed exactly while {@link #held} is non-empty, for the first held packet's release time. */
    private final TimerScheduler.Timer holdTimer;
    /** Delayed packets by (due time, arrival order). */
    private final PriorityQueue<Delayed> delayed = new PriorityQueue<>((a, b) -> a.dueAt != b.dueAt
            ? Long.compare(a.dueAt, b.dueAt) : Long.compare(a.sequence, b.sequence));
    /** Armed exactly while {@link #delayed} is non-empty, for the head's due time. */
    private final TimerScheduler.Timer delayTimer;
    /** Arrival order of delayed packets, the tie-break between equal due times. */
    private long nextSequence;

    ImpairedPath(FaultSpec spec, SplittableRandom random, FaultCounters counters, TimerScheduler timers, Sink sink) {
        this.spec = spec;
        this.random = random;
        this.counters = counters;
        this.timers = timers;
        this.sink = sink;
        this.delayNanos = spec.delay().toNanos();
        this.jitterNanos = spec.jitter().toNanos();
        this.holdTimer = timers.newTimer(this::holdExpired);
        this.delayTimer = timers.newTimer(this::delayExpired);
    }

    /** Impairs one packet; takes ownership. {@code alloc} provides the copy a corruption writes to. */
    void accept(ByteBuf packet, ByteBufAllocator alloc) {
        counters.increment(Counter.RECEIVED);
        if (chance(spec.loss())) {
            counters.increment(Counter.DROPPED);
            packet.release();
            return;
        }
        ByteBuf copy = null;
        if (chance(spec.duplicate())) {
            counters.increment(Counter.DUPLICATED);
            copy = packet.retainedDuplicate();
        }
        impair(packet, alloc);
        if (copy != null) {
            impair(copy, alloc);
        }
    }

    private void impair(ByteBuf packet, ByteBufAllocator alloc) {
        if (packet.isReadable() && chance(spec.corrupt())) {
            packet = flipOneBit(packet, alloc);
        }
        if (chance(spec.reorder())) {
            counters.increment(Counter.REORDERED);
            held.add(new Held(packet, timers.clock().nanos() + spec.reorderHold().toNanos(), spec.reorderGap()));
            rearmHoldTimer();
            return;
        }
        delay(packet);
        overtakeHeld();
    }

    /**
     * A copy of {@code packet} with one random bit inverted; the original is released. A copy,
     * because the original's bytes may be shared (a duplicate, a retained slice elsewhere).
     */
    private ByteBuf flipOneBit(ByteBuf packet, ByteBufAllocator alloc) {
        int length = packet.readableBytes();
        ByteBuf copy = alloc.buffer(length);
        try {
            copy.writeBytes(packet, packet.readerIndex(), length);
        } finally {
            packet.release();
        }
        int bit = random.nextInt(length * 8);
        int index = bit >>> 3;
        copy.setByte(index, copy.getByte(index) ^ (1 << (bit & 7)));
        counters.increment(Counter.CORRUPTED);
        return copy;
    }

    /**
     * One packet went past the held ones: release those it was the last to overtake. Every held
     * packet waits for the same number of overtakes, so they come due in the order they were held.
     */
    private void overtakeHeld() {
        if (held.isEmpty()) {
            return;
        }
        for (Held h : held) {
            h.remaining--;
        }
        while (!held.isEmpty() && held.peek().remaining <= 0) {
            delay(held.poll().packet);
        }
        rearmHoldTimer();
    }

    private void rearmHoldTimer() {
        if (held.isEmpty()) {
            holdTimer.cancel();
        } else if (!holdTimer.isArmed() || holdTimer.deadline() != held.peek().releaseAt) {
            holdTimer.setDeadline(held.peek().releaseAt);
        }
    }

    private void holdExpired() {
        long now = timers.clock().nanos();
        while (!held.isEmpty() && held.peek().releaseAt - now <= 0) {
            delay(held.poll().packet);
        }
        rearmHoldTimer();
        sink.batchDone();
    }

    /** The last step: emits now, or queues for the packet's delay. */
    private void delay(ByteBuf packet) {
        long d = delayNanos + (jitterNanos == 0 ? 0 : random.nextLong(-jitterNanos, jitterNanos + 1));
        if (d <= 0) {
            forward(packet);
            return;
        }
        counters.increment(Counter.DELAYED);
        Delayed entry = new Delayed(packet, timers.clock().nanos() + d, nextSequence++);
        delayed.add(entry);
        if (delayed.peek() == entry) {
            delayTimer.setDeadline(entry.dueAt);
        }
    }

    private void delayExpired() {
        long now = timers.clock().nanos();
        while (!delayed.isEmpty() && delayed.peek().dueAt - now <= 0) {
            forward(delayed.poll().packet);
        }
        if (!delayed.isEmpty()) {
            delayTimer.setDeadline(delayed.peek().dueAt);
        }
        sink.batchDone();
    }

    private void forward(ByteBuf packet) {
        counters.increment(Counter.FORWARDED);
        sink.emit(packet);
    }

    private boolean chance(double p) {
        return p > 0 && random.nextDouble() < p;
    }

    /** Packets held or delayed right now. */
    int queued() {
        return held.size() + delayed.size();
    }

    /** Releases every held and delayed packet unsent and disarms the timers. */
    void discardAll() {
        holdTimer.cancel();
        delayTimer.cancel();
        for (Held h; (h = held.poll()) != null; ) {
            counters.increment(Counter.DISCARDED);
            h.packet.release();
        }
        for (Delayed d; (d = delayed.poll()) != null; ) {
            counters.increment(Counter.DISCARDED);
            d.packet.release();
        }
    }
}

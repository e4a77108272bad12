package io.tcpstack.core.ip;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * The stack's {@code lo}: datagrams the stack sends to its own address wait here and are
 * delivered back into the IPv4 input on the event loop, after the packet, batch or user call
 * that sent them has returned, never from inside it. A connection to itself (client and server
 * on one stack) thus sees its peer's segments exactly as if they had come from a link, in
 * order, and a handler that sends from inside a receive callback cannot recurse into the stack.
 *
 * <p>Delivery runs as one task on the loop per burst: it takes up to {@link #BATCH} datagrams as
 * one read batch (so delayed ACKs and the end-of-batch flush behave as for a TUN read) and
 * schedules itself again while datagrams remain, so the loop's other work is not starved.
 * Allocation-free per datagram: the queue is a reused array deque. Loop-confined.
 */
final class Loopback implements Runnable {
    /** Datagrams delivered per task; as many as a TUN read batch takes. */
    static final int BATCH = 64;

    /** Receives the datagrams, one batch at a time. */
    interface Input {
        /** Delivers one batch: up to {@code max} datagrams from {@code queue}, which it polls and releases. */
        void deliverLoopback(ArrayDeque<ByteBuf> queue, int max);
    }

    private final Input input;
    /** Datagrams sent to the stack's own address and not yet delivered, oldest first; each owned here. */
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    /** The loop that runs the delivery task; set with the first datagram. */
    private Executor loop;
    /** A delivery task is queued on the loop and has not started. */
    private boolean scheduled;

    Loopback(Input input) {
        this.input = input;
    }

    /** Queues one datagram ({@code readerIndex} at its IPv4 header; ownership passes here) for delivery on {@code loop}. */
    void send(ByteBuf datagram, Executor loop) {
        queue.addLast(datagram);
        this.loop = loop;
        schedule();
    }

    private void schedule() {
        if (!scheduled) {
            scheduled = true;
            loop.execute(this);
        }
    }

    /** The delivery task: one batch, then again later if more wait. */
    @Override
    public void run() {
        scheduled = false;
        if (queue.isEmpty()) {
            return;
        }
        input.deliverLoopback(queue, BATCH);
        if (!queue.isEmpty()) {
            schedule();
        }
    }

    /** Datagrams waiting for delivery. */
    int pending() {
        return queue.size();
    }

    /** Releases every waiting datagram (the stack leaves its pipeline). */
    void discard() {
        ByteBuf datagram;
        while ((datagram = queue.pollFirst()) != null) {
            datagram.release();
        }
    }
}

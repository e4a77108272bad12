package io.tcpstack.daemon.services;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches the client's raw bytes, ahead of the HTTP decoder, so that no client holds a connection
 * for free ({@link ServiceTimeouts}): between requests and inside a body the client may be silent
 * at most the idle timeout; a request head must arrive whole within the header timeout of its
 * first byte, however slowly its bytes trickle in (slowloris). When one passes it fires
 * {@link Event#IDLE} (between requests) or {@link Event#TIMED_OUT} (inside a request) down the
 * pipeline; the client's FIN becomes {@link Event#ENDED} (the decoder does not see it, so a partly
 * read request is dropped, not answered). {@link HttpRequests} says where the requests begin and
 * end, and pauses the clocks while it responds (nothing is read then). Loop-confined.
 */
final class HttpInput extends ChannelInboundHandlerAdapter {
    /** What the input says to the handlers after the decoder. */
    enum Event { IDLE, TIMED_OUT, ENDED }

    private enum State { BETWEEN, HEAD, BODY }

    private static final long NONE = Long.MAX_VALUE;

    private final long idleNanos;
    private final long headerNanos;
    private ChannelHandlerContext ctx;
    private State state = State.BETWEEN;
    /** When bytes last arrived, or the clock last restarted ({@link System#nanoTime()}). */
    private long lastRead;
    /** When the first byte of the head being read arrived. */
    private long headStarted;
    private boolean paused;
    private ScheduledFuture<?> timer;
    private long timerDeadline;

    HttpInput(ServiceTimeouts timeouts) {
        this.idleNanos = timeouts.idle().isZero() ? NONE : timeouts.idle().toNanos();
        this.headerNanos = timeouts.header().isZero() ? NONE : timeouts.header().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        lastRead = System.nanoTime();
        arm();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        lastRead = System.nanoTime();
        if (state == State.BETWEEN && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            state = State.HEAD;
            headStarted = lastRead;
            arm();
        }
        context.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            context.fireUserEventTriggered(Event.ENDED);
            return;
        }
        context.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        cancel();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        cancel();
    }

    /** A request head was decoded: its body (if any) follows. */
    void headDecoded() {
        state = State.BODY;
        lastRead = System.nanoTime();
        arm();
    }

    /** A request was read whole: the next head may start. */
    void requestEnded() {
        state = State.BETWEEN;
        lastRead = System.nanoTime();
        arm();
    }

    /** A response is being written and nothing is read: no timeout. */
    void pause() {
        paused = true;
    }

    /** Reading goes on: the idle clock starts over; a head's clock goes on from its first byte. */
    void resume() {
        paused = false;
        lastRead = System.nanoTime();
        arm();
    }

    private long deadline() {
        if (state == State.HEAD && headerNanos != NONE) {
            return headStarted + headerNanos;
        }
        return idleNanos == NONE ? NONE : lastRead + idleNanos;
    }

    /** Makes sure a check runs by the deadline. */
    private void arm() {
        long deadline = deadline();
        if (paused || deadline == NONE || timer != null && timerDeadline - deadline <= 0) {
            return;
        }
        cancel();
        timerDeadline = deadline;
        timer = ctx.executor().schedule(this::check, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        if (paused || !ctx.channel().isActive()) {
            return;
        }
        long deadline = deadline();
        if (deadline == NONE) {
            return;
        }
        if (System.nanoTime() - deadline >= 0) {
            ctx.fireUserEventTriggered(state == State.BETWEEN ? Event.IDLE : Event.TIMED_OUT);
        } else {
            arm();
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}

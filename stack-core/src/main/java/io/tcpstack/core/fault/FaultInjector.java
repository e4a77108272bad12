package io.tcpstack.core.fault;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.tcpstack.core.time.TimerScheduler;
import java.util.SplittableRandom;

/**
 * A pipeline handler that impairs the raw packets passing through it as {@link FaultSpec} says:
 * loss, duplication, reordering, delay with jitter and single-bit corruption, on packets read
 * from the link ({@code dir=in}), written to it ({@code dir=out}) or both. Put it between the
 * link (a TUN channel, an in-memory link) and the stack.
 *
 * <p>Deterministic: each direction draws from its own {@link SplittableRandom} derived from the
 * spec's seed, and delays run on the given {@link TimerScheduler} (virtual time in tests, the
 * event loop in production), so the same seed and the same packets give the same faults.
 *
 * <p>Messages other than {@link ByteBuf} pass untouched. An impaired outbound write's promise
 * succeeds when the injector takes the packet, as a lossy link would report; the packet itself
 * is written later (or never) with a void promise. Packets still held or delayed when the
 * handler leaves the pipeline are released. Confined to the channel's event loop.
 *
 * <p>Corruption flips any bit, the IPv4 version included: Linux refuses to take a packet whose
 * version is neither 4 nor 6 from a TUN ({@code write} fails with EINVAL), which the channel
 * reports as a write error; the packet is lost either way.
 */
public final class FaultInjector extends ChannelDuplexHandler {
    /** Mixed into the seed for the outbound direction, so the two directions draw independent numbers. */
    private static final long OUTBOUND_SALT = 0x9E3779B97F4A7C15L;

    private final FaultSpec spec;
    private final TimerScheduler timers;
    private final FaultCounters inboundCounters = new FaultCounters();
    private final FaultCounters outboundCounters = new FaultCounters();
    /** Impairs packets read from the link; null when {@code dir} excludes them or before handlerAdded. */
    private ImpairedPath inbound;
    /** Impairs packets written to the link; null when {@code dir} excludes them or before handlerAdded. */
    private ImpairedPath outbound;

    /**
     * @param timers timers that fire on the channel's event loop (or the test thread with a virtual clock)
     */
    public FaultInjector(FaultSpec spec, TimerScheduler timers) {
        this.spec = spec;
        this.timers = timers;
    }

    public FaultSpec spec() {
        return spec;
    }

    /** What was done to packets read from the link. */
    public FaultCounters inboundCounters() {
        return inboundCounters;
    }

    /** What was done to packets written to the link. */
    public FaultCounters outboundCounters() {
        return outboundCounters;
    }

    /** Packets held or delayed right now, both directions. */
    public int queued() {
        return (inbound == null ? 0 : inbound.queued()) + (outbound == null ? 0 : outbound.queued());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (spec.direction().inbound()) {
            inbound = new ImpairedPath(spec, new SplittableRandom(spec.seed()), inboundCounters, timers,
                    new ImpairedPath.Sink() {
                        @Override
                        public void emit(ByteBuf packet) {
                            ctx.fireChannelRead(packet);
                        }

                        @Override
                        public void batchDone() {
                            ctx.fireChannelReadComplete();
                        }
                    });
        }
        if (spec.direction().outbound()) {
            outbound = new ImpairedPath(spec, new SplittableRandom(spec.seed() ^ OUTBOUND_SALT), outboundCounters,
                    timers, new ImpairedPath.Sink() {
                        @Override
                        public void emit(ByteBuf packet) {
                            ctx.write(packet, ctx.voidPromise());
                        }

                        @Override
                        public void batchDone() {
                            ctx.flush();
                        }
                    });
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (inbound != null) {
            inbound.discardAll();
        }
        if (outbound != null) {
            outbound.discardAll();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (inbound != null && msg instanceof ByteBuf packet) {
            inbound.accept(packet, ctx.alloc());
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (outbound != null && msg instanceof ByteBuf packet) {
            promise.trySuccess();
            outbound.accept(packet, ctx.alloc());
        } else {
            ctx.write(msg, promise);
        }
    }
}

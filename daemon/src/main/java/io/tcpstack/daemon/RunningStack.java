package io.tcpstack.daemon;

import io.netty.channel.EventLoopGroup;
import io.tcpstack.tun.TunChannel;
import io.tcpstack.tun.TunDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/** A started stack: waits for its end and stops it once, whoever asks first. */
final class RunningStack {
    private static final Logger LOG = LoggerFactory.getLogger(RunningStack.class);

    private final TunChannel channel;
    /** The channel's device, for the last log line. */
    private final TunDevice device;
    private final EventLoopGroup loop;
    /** Why the stack was asked to stop ({@code SIGTERM}, ...), null while nobody asked; guarded by {@code this}. */
    private String stopReason;
    /** Whether the channel and the loop are closed; guarded by {@code this}. */
    private boolean stopped;

    RunningStack(TunChannel channel, TunDevice device, EventLoopGroup loop) {
        this.channel = channel;
        this.device = device;
        this.loop = loop;
    }

    /** Stops the stack (idempotent): closes the channel and the event loop, then logs one line. */
    synchronized void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        if (stopped) {
            return;
        }
        stopped = true;
        channel.close().awaitUninterruptibly();
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        LOG.info("tcpstack stopped ({}): interface {} {}", stopReason, device.name(),
                device.created() ? "removed" : "detached (left in place)");
    }

    /**
     * Blocks until the channel closes and the stack has stopped.
     *
     * @return true when a stop was requested, false when the channel closed by itself (a device error)
     */
    boolean awaitStop() {
        channel.closeFuture().awaitUninterruptibly();
        boolean requested;
        synchronized (this) {
            requested = stopReason != null;
        }
        stop("TUN device failed");
        return requested;
    }
}

package io.tcpstack.daemon.services;

import io.tcpstack.core.socket.IdleTimeout;
import io.tcpstack.core.socket.LoopStream;
import io.tcpstack.core.socket.StreamHandler;
import io.tcpstack.core.time.TimerScheduler;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's limits around its event-loop handler: a connection beyond
 * {@link ServiceLimits#maxConnections()} (counted over every queue, in {@link ServiceCounters}) is reset at once (never reaching the handler) and
 * counted; the others get the service's keep-alive, and, with an idle timeout, are closed once
 * they made no progress in either direction for that long: nothing arrived from the client and
 * nothing sent to it was acknowledged (so a chargen client that reads is not idle, one that stops
 * reading is). An idle connection is closed gracefully (FIN; RST if it left bytes unread, RFC 1122
 * §4.2.2.13), but reset if its send buffer is full: a FIN cannot pass the closed window of a
 * client that stopped reading. Loop-confined, like the handler it wraps.
 */
final class LoopLimits implements StreamHandler {
    private static final Logger log = LoggerFactory.getLogger(LoopLimits.class);
    /** The attachment of a refused connection, which the handler never saw. */
    private static final Object REFUSED = new Object();

    private final String name;
    private final StreamHandler handler;
    private final ServiceLimits limits;
    private final ServiceCounters counters;
    /** Null without an idle timeout. */
    private final IdleTimeout<LoopStream> idle;
    private final Duration idleTimeout;

    /**
     * @param idleTimeout {@link Duration#ZERO} for none
     * @param timers the loop's timers, for the idle timeout
     */
    LoopLimits(String name, StreamHandler handler, ServiceLimits limits, Duration idleTimeout, TimerScheduler timers,
               ServiceCounters counters) {
        this.name = name;
        this.handler = handler;
        this.limits = limits;
        this.counters = counters;
        this.idleTimeout = idleTimeout;
        this.idle = idleTimeout.isZero() ? null : new IdleTimeout<>(timers, idleTimeout, this::closeIdle);
    }

    @Override
    public void onOpen(LoopStream stream) {
        if (!counters.admit(limits.maxConnections())) {
            log.debug("{} {}: refused, {} connections served already", name, stream.remoteAddress(), counters.served());
            stream.attach(REFUSED);
            stream.abort();
            return;
        }
        if (limits.keepalive() != null) {
            stream.setKeepalive(limits.keepalive());
        }
        progress(stream);
        handler.onOpen(stream);
    }

    @Override
    public void onReadable(LoopStream stream) {
        progress(stream);
        handler.onReadable(stream);
    }

    @Override
    public void onWritable(LoopStream stream) {
        progress(stream);
        handler.onWritable(stream);
    }

    @Override
    public void onClosed(LoopStream stream, IOException error) {
        if (stream.attachment() == REFUSED) {
            return;
        }
        counters.left();
        if (idle != null) {
            idle.remove(stream);
        }
        handler.onClosed(stream, error);
    }

    private void progress(LoopStream stream) {
        if (idle != null) {
            idle.active(stream);
        }
    }

    private void closeIdle(LoopStream stream) {
        counters.countIdleClosed();
        log.debug("{} {}: no progress for {}: closed idle", name, stream.remoteAddress(), idleTimeout);
        if (stream.writableBytes() == 0) {
            stream.abort();
        } else {
            stream.close();
        }
    }
}

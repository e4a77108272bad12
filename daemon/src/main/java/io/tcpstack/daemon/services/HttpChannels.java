package io.tcpstack.daemon.services;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tcpstack.core.tcp.Keepalive;
import io.tcpstack.netty.TcpStackSocketChannelConfig;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up each accepted connection of the HTTP service: within the service's cap (counted over
 * every queue in its {@link ServiceCounters}) the serving pipeline,
 * {@code WriteCoalescer -> HttpInput -> HttpServerCodec -> HttpRequests}, with the service's
 * keep-alive; over it the refusing one, {@code WriteCoalescer -> HttpResponseEncoder -> HttpRefusal}.
 */
final class HttpChannels extends ChannelInitializer<Channel> {
    private static final Logger log = LoggerFactory.getLogger(HttpChannels.class);
    /** Longest request line 8 KiB (414 beyond), header section 16 KiB (431 beyond), body pieces of 64 KiB at most. */
    static final HttpDecoderConfig DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(8 * 1024)
            .setMaxHeaderSize(16 * 1024)
            .setMaxChunkSize(64 * 1024);
    /**
     * Requests the codec may hold unanswered: what one read of at most 64 KiB can carry (16 bytes
     * the shortest request); nothing more is read while they wait.
     */
    private static final int MAX_PIPELINE = 64 * 1024 / 16;

    private final HttpRoutes routes;
    private final Clock clock;
    private final ServiceTimeouts timeouts;
    private final ServiceLimits limits;
    private final ServiceCounters counters;
    /** Every connection open, served or refused; closed by {@link HttpService#close()}. */
    final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger served = new AtomicInteger();

    HttpChannels(HttpRoutes routes, Clock clock, ServiceTimeouts timeouts, ServiceLimits limits, ServiceCounters counters) {
        this.routes = routes;
        this.clock = clock;
        this.timeouts = timeouts;
        this.limits = limits;
        this.counters = counters;
    }

    ServiceCounters counters() {
        return counters;
    }

    /** Connections being served (not refused). */
    int served() {
        return served.get();
    }

    @Override
    protected void initChannel(Channel channel) {
        open.add(channel);
        if (!counters.admit(limits.maxConnections())) {
            log.debug("http {}: refused, {} connections served already", channel.remoteAddress(), limits.maxConnections());
            channel.pipeline().addLast("coalesce", new WriteCoalescer())
                    .addLast("encoder", new HttpResponseEncoder())
                    .addLast("refusal", new HttpRefusal(clock));
            return;
        }
        served.incrementAndGet();
        channel.closeFuture().addListener(f -> {
            served.decrementAndGet();
            counters.left();
        });
        if (limits.keepalive() != null) {
            keepalive(channel, limits.keepalive());
        }
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true); // the client's FIN: HttpInput.Event.ENDED
        HttpInput input = new HttpInput(timeouts);
        channel.pipeline().addLast("coalesce", new WriteCoalescer())
                .addLast("input", input)
                .addLast("codec", new HttpServerCodec(DECODER, MAX_PIPELINE))
                .addLast("requests", new HttpRequests(routes, clock, input));
    }

    /** The service's keep-alive (RFC 9293 §3.8.4): the stack's timings exactly, the kernel's in whole seconds. */
    private static void keepalive(Channel channel, Keepalive keepalive) {
        if (channel.config() instanceof TcpStackSocketChannelConfig stack) {
            stack.setKeepalive(keepalive);
            return;
        }
        channel.config().setOption(ChannelOption.SO_KEEPALIVE, keepalive.enabled());
        if (keepalive.enabled()) {
            channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), seconds(keepalive.idle()));
            channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL),
                    seconds(keepalive.interval()));
            channel.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), keepalive.count());
        }
    }

    /** The JDK takes keep-alive times in whole seconds, at least 1. */
    private static int seconds(java.time.Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toSeconds()));
    }
}

package io.tcpstack.daemon.services;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/**
 * Answers a connection over the service's cap: 503 Service Unavailable (RFC 9110 §15.6.4) with
 * "Connection: close", before reading any request. Then a staged close (RFC 9112 §9.6): FIN, and
 * what the client sends is read and dropped until its FIN closes the channel, for at most
 * {@link #LINGER}, so that the close is a FIN and not an RST that could destroy the 503 before
 * it is read. The pipeline holds only an HTTP response encoder ahead of this handler.
 */
final class HttpRefusal extends ChannelInboundHandlerAdapter {
    /** Longest a refused connection is read from after its 503, waiting for the client's FIN (as Apache lingers). */
    static final Duration LINGER = Duration.ofSeconds(2);

    private final Clock clock;

    HttpRefusal(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(clock));
        HttpResponseStatus status = HttpResponseStatus.SERVICE_UNAVAILABLE;
        new HttpReply(ctx, false, HttpVersion.HTTP_1_1, true, date, reply -> reply.written().addListener(f -> {
            if (ctx.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            }
            ctx.executor().schedule(() -> ctx.close(), LINGER.toNanos(), TimeUnit.NANOSECONDS);
        })).text(status, status + "\n");
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg); // dropped: no request is answered
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

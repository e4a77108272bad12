package io.tcpstack.daemon.services;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the response to one request into the connection's pipeline, on its event loop: through
 * the HTTP encoder, flushed once at the end of the response ({@link WriteCoalescer} makes a small
 * one a single write). A long body is streamed piece by piece while the channel is writable and
 * resumed when it is again ({@link #writable()}), so it is never held whole. Once the response is
 * written, the connection is told ({@code done}).
 */
final class HttpReply {
    private static final Logger log = LoggerFactory.getLogger(HttpReply.class);
    /** Content type of every text response. */
    static final String TEXT = "text/plain; charset=utf-8";

    /** The pieces of a streamed body, in order. */
    interface Body {
        /** The next piece (the reply takes ownership), or null after the last. */
        ByteBuf next();
    }

    private final ChannelHandlerContext ctx;
    /** Whether the connection persists after this response (RFC 9112 §9.3). */
    private final boolean keepAlive;
    /** The request's version; an HTTP/1.0 client is told explicitly when the connection persists. */
    private final HttpVersion requestVersion;
    /** False for HEAD: the body is not sent (RFC 9110 §9.3.2). */
    private final boolean bodyWanted;
    /** Value of the Date header (RFC 9110 §6.6.1). */
    private final String date;
    /** Told once, on the loop, when the whole response has been written to the pipeline. */
    private final Consumer<HttpReply> done;
    /** The body being streamed; null when none is. */
    private Body streaming;
    /** Inside {@link #pump()}: a writability change the flush causes is taken up by the same loop. */
    private boolean pumping;
    /** The write of the response's end; null until then. */
    private ChannelFuture written;

    HttpReply(ChannelHandlerContext ctx, boolean keepAlive, HttpVersion requestVersion, boolean bodyWanted, String date,
              Consumer<HttpReply> done) {
        this.ctx = ctx;
        this.keepAlive = keepAlive;
        this.requestVersion = requestVersion;
        this.bodyWanted = bodyWanted;
        this.date = date;
        this.done = done;
    }

    boolean bodyWanted() {
        return bodyWanted;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** The write of the last piece of the response; null before the response ended. */
    ChannelFuture written() {
        return written;
    }

    /** A response head with the common headers and a Content-Length; not yet sent. */
    HttpResponse head(HttpResponseStatus status, String contentType, long contentLength) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        response.headers()
                .set(HttpHeaderNames.DATE, date)
                .set(HttpHeaderNames.SERVER, "tcpstack")
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!requestVersion.isKeepAliveDefault()) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return response;
    }

    /** A complete response with a small in-memory body. */
    void send(HttpResponse head, byte[] content) {
        ctx.write(head);
        if (bodyWanted && content.length > 0) {
            ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(content)));
        }
        end();
    }

    /** A complete text response. */
    void text(HttpResponseStatus status, String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        send(head(status, TEXT, content.length), content);
    }

    /** A response whose body is streamed from {@code body} (not read at all for HEAD). */
    void stream(HttpResponse head, Body body) {
        ctx.write(head);
        if (!bodyWanted) {
            end();
            return;
        }
        streaming = body;
        pump();
    }

    /** The channel became writable again: a streamed body goes on. */
    void writable() {
        if (streaming != null) {
            pump();
        }
    }

    /**
     * Computes the response on a virtual thread, for work that may block (the stack's other
     * loops answer it), then sends it on the loop; an IOException there (the loops did not answer:
     * the stack is stopping) is answered with 503 Service Unavailable (RFC 9110 §15.6.4).
     */
    void offLoop(Callable<Consumer<HttpReply>> work) {
        Thread.ofVirtual().name("http " + ctx.channel().remoteAddress()).start(() -> {
            Consumer<HttpReply> answer;
            try {
                answer = work.call();
            } catch (IOException e) {
                answer = ErrorExchange.of(HttpResponseStatus.SERVICE_UNAVAILABLE)::respond;
            } catch (Exception e) {
                log.warn("{}: response failed", ctx.channel().remoteAddress(), e);
                answer = ErrorExchange.of(HttpResponseStatus.INTERNAL_SERVER_ERROR)::respond;
            }
            Consumer<HttpReply> response = answer;
            try {
                ctx.executor().execute(() -> response.accept(this));
            } catch (RejectedExecutionException e) {
                // the loop is stopping, and the connection with it
            }
        });
    }

    /** Writes pieces while the channel is writable; flushes and waits for {@link #writable()} when it is not. */
    private void pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            Channel channel = ctx.channel();
            while (streaming != null && channel.isWritable()) {
                ByteBuf piece = streaming.next();
                if (piece == null) {
                    streaming = null;
                    end();
                    return;
                }
                ctx.write(new DefaultHttpContent(piece));
                if (!channel.isWritable()) {
                    ctx.flush(); // may make it writable again at once
                }
            }
        } finally {
            pumping = false;
        }
    }

    /** Ends the response and sends what is left of it. */
    private void end() {
        written = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        done.accept(this);
    }

    /** Sends an interim response, such as 100 Continue (RFC 9110 §15.2), ahead of the final one. */
    static void interim(ChannelHandlerContext ctx, HttpResponseStatus status) {
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status)); // the client waits for it
    }
}

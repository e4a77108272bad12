package io.tcpstack.daemon.services;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the response to one request: messages go through the connection's HTTP encoder and the
 * encoded bytes to the connection's buffered output, so a body is streamed chunk by chunk, never
 * held whole, and a small response is sent in one write; {@link #end()} flushes.
 */
final class HttpReply {
    /** Content type of every text response. */
    static final String TEXT = "text/plain; charset=utf-8";

    /** The connection's codec; its outbound side holds no bytes between calls. */
    private final EmbeddedChannel codec;
    private final OutputStream out;
    /** Whether the connection persists after this response (RFC 9112 §9.3). */
    private final boolean keepAlive;
    /** The request's version; an HTTP/1.0 client is told explicitly when the connection persists. */
    private final HttpVersion requestVersion;
    /** False for HEAD: the body is not sent (RFC 9110 §9.3.2). */
    private final boolean bodyWanted;
    /** Value of the Date header (RFC 9110 §6.6.1). */
    private final String date;

    HttpReply(EmbeddedChannel codec, OutputStream out, boolean keepAlive, HttpVersion requestVersion,
              boolean bodyWanted, String date) {
        this.codec = codec;
        this.out = out;
        this.keepAlive = keepAlive;
        this.requestVersion = requestVersion;
        this.bodyWanted = bodyWanted;
        this.date = date;
    }

    boolean bodyWanted() {
        return bodyWanted;
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

    void send(HttpResponse head) throws IOException {
        write(head);
    }

    /** Sends one piece of the body (dropped for HEAD); takes ownership of {@code chunk}. */
    void body(ByteBuf chunk) throws IOException {
        if (bodyWanted) {
            write(new DefaultHttpContent(chunk));
        } else {
            chunk.release();
        }
    }

    /** Ends the response and sends what is left of it. */
    void end() throws IOException {
        write(LastHttpContent.EMPTY_LAST_CONTENT);
        out.flush();
    }

    /** A complete response with a small in-memory body. */
    void send(HttpResponse head, byte[] content) throws IOException {
        send(head);
        body(Unpooled.wrappedBuffer(content));
        end();
    }

    /** A complete text response. */
    void text(HttpResponseStatus status, String text) throws IOException {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        send(head(status, TEXT, content.length), content);
    }

    private void write(Object message) throws IOException {
        write(codec, out, message);
    }

    /** Sends an interim response, such as 100 Continue (RFC 9110 §15.2), ahead of the final one. */
    static void interim(EmbeddedChannel codec, OutputStream out, HttpResponseStatus status) throws IOException {
        write(codec, out, new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status));
        out.flush(); // the client waits for it before it sends the body
    }

    private static void write(EmbeddedChannel codec, OutputStream out, Object message) throws IOException {
        codec.writeOutbound(message);
        for (ByteBuf encoded; (encoded = codec.readOutbound()) != null; ) {
            try {
                encoded.readBytes(out, encoded.readableBytes());
            } finally {
                encoded.release();
            }
        }
    }
}

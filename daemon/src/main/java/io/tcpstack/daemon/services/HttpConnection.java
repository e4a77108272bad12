package io.tcpstack.daemon.services;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.tcpstack.core.socket.StreamSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * One HTTP/1.1 connection. Bytes read from the socket go through Netty's {@link HttpServerCodec}
 * in an {@link EmbeddedChannel} (no aggregator: bodies arrive piece by piece); responses are
 * encoded by the same codec and written to the socket. Requests are answered in order, one at a
 * time, once each has been read whole.
 *
 * <p>No client can hold the connection for free ({@link ServiceTimeouts}): between requests and
 * inside a body every read waits at most the idle timeout; a request head must arrive whole
 * within the header timeout of its first byte, however slowly its bytes trickle in (slowloris).
 * A timeout inside a request is answered with 408 Request Timeout (RFC 9110 §15.5.9), an idle
 * connection between requests is just closed (RFC 9112 §9.5). A head over the size bounds gets
 * 431 (RFC 6585 §5) or, for its request line, 414 (RFC 9110 §15.5.15).
 */
final class HttpConnection {
    /** Bytes read from the socket at once. */
    private static final int READ_SIZE = 16 * 1024;
    /**
     * Requests the codec may hold unanswered. Every request decoded from one read is answered
     * before the next read, so at most READ_SIZE / 16 (the shortest request line) can be pending.
     */
    private static final int MAX_PIPELINE = READ_SIZE / 16;
    /**
     * Bytes of a response gathered before they go to the socket; {@link HttpReply} flushes at the end
     * of each response. A small response leaves in one write, so in one segment: written head and
     * body apart, Nagle's algorithm (RFC 1122 §4.2.3.4) would hold the body until the client's
     * delayed ACK of the head, some 40 ms per request on a persistent connection.
     */
    static final int RESPONSE_BUFFER = 16 * 1024;
    /** Longest a refused connection is read from after its 503, waiting for the client's FIN (as Apache lingers). */
    static final java.time.Duration LINGER = java.time.Duration.ofSeconds(2);
    /** Heap buffers, unpooled: nothing is cached per (virtual) thread. */
    private static final ByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(false);
    private static final HttpDecoderConfig DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(8 * 1024)
            .setMaxHeaderSize(16 * 1024)
            .setMaxChunkSize(64 * 1024);

    private final StreamSocket socket;
    private final ServiceTimeouts timeouts;
    /** When the first byte of the request head being read arrived ({@link System#nanoTime()}); -1 between heads. */
    private long headStarted = -1;
    private final InputStream in;
    private final OutputStream out;
    private final HttpRoutes routes;
    private final Clock clock;
    /** The codec; holds at most one partly read request between reads. */
    private final EmbeddedChannel codec = new EmbeddedChannel(new HttpServerCodec(DECODER, MAX_PIPELINE));
    /** The request being read and its exchange; null between requests. */
    private HttpRequest request;
    private HttpExchange exchange;
    /** Whether the connection persists after the response to {@link #request}. */
    private boolean keepAlive;

    HttpConnection(StreamSocket socket, HttpRoutes routes, Clock clock, ServiceTimeouts timeouts) {
        this.socket = socket;
        this.timeouts = timeouts;
        this.in = socket.inputStream();
        this.out = new java.io.BufferedOutputStream(socket.outputStream(), RESPONSE_BUFFER);
        this.routes = routes;
        this.clock = clock;
        codec.config().setAllocator(ALLOCATOR);
    }

    /** Serves requests until the client closes or a response ends the connection. */
    void run() throws IOException {
        try {
            while (true) {
                java.time.Duration wait = nextReadTimeout();
                if (wait.isNegative()) {
                    timedOut();
                    return;
                }
                socket.setReadTimeout(wait);
                ByteBuf bytes = ALLOCATOR.heapBuffer(READ_SIZE);
                int n;
                try {
                    n = bytes.writeBytes(in, READ_SIZE);
                } catch (java.net.SocketTimeoutException e) {
                    bytes.release();
                    timedOut();
                    return;
                } catch (IOException e) {
                    bytes.release();
                    throw e;
                }
                if (n < 0) {
                    bytes.release();
                    return; // the client closed; a partly read request is dropped
                }
                if (request == null && headStarted < 0) {
                    headStarted = System.nanoTime();
                }
                codec.writeInbound(bytes);
                if (!handleDecoded()) {
                    return;
                }
            }
        } finally {
            codec.finishAndReleaseAll();
        }
    }

    /**
     * How long the next read may wait: what is left of the header timeout while a head is being
     * read (negative once it is over), else the idle timeout; {@link java.time.Duration#ZERO} for no bound.
     */
    private java.time.Duration nextReadTimeout() {
        if (request == null && headStarted >= 0 && !timeouts.header().isZero()) {
            long left = headStarted + timeouts.header().toNanos() - System.nanoTime();
            return left > 0 ? java.time.Duration.ofNanos(left) : java.time.Duration.ofNanos(-1);
        }
        return timeouts.idle();
    }

    /**
     * Answers a connection over the service's cap: 503 Service Unavailable (RFC 9110 §15.6.4) with
     * "Connection: close", before reading any request. Then a staged close (RFC 9112 §9.6): FIN,
     * and what the client sends is read and dropped until its FIN, for at most {@link #LINGER},
     * so that the close is a FIN and not an RST that could destroy the 503 before it is read.
     */
    void refuse() throws IOException {
        try {
            closeWith(HttpResponseStatus.SERVICE_UNAVAILABLE);
        } finally {
            codec.finishAndReleaseAll();
        }
        socket.shutdownOutput();
        long end = System.nanoTime() + LINGER.toNanos();
        byte[] dropped = new byte[READ_SIZE];
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            socket.setReadTimeout(java.time.Duration.ofNanos(left));
            try {
                if (in.read(dropped) < 0) {
                    return;
                }
            } catch (java.net.SocketTimeoutException e) {
                return;
            }
        }
    }

    /** A timeout passed: inside a request, 408 and close; between requests, just close. */
    private void timedOut() throws IOException {
        if (request == null && headStarted < 0) {
            return;
        }
        closeWith(HttpResponseStatus.REQUEST_TIMEOUT);
    }

    /** An error that ends the connection: the status as a text response, with "Connection: close". */
    private void closeWith(HttpResponseStatus status) throws IOException {
        keepAlive = false;
        reply(request == null ? HttpVersion.HTTP_1_1 : request.protocolVersion(), HttpMethod.GET)
                .text(status, status + "\n");
    }

    /** Handles every decoded message; false once the connection is to be closed. */
    private boolean handleDecoded() throws IOException {
        for (Object message; (message = codec.readInbound()) != null; ) {
            boolean goOn;
            try {
                goOn = handle((HttpObject) message);
            } finally {
                ReferenceCountUtil.release(message);
            }
            if (!goOn) {
                return false;
            }
        }
        return true;
    }

    private boolean handle(HttpObject message) throws IOException {
        if (message.decoderResult().isFailure()) {
            // RFC 9112 §2.2, §6.3: a malformed request gets 400 and the connection is closed.
            // Nothing has been sent for it yet: responses go out only once a request is whole.
            HttpResponseStatus status = switch (message.decoderResult().cause()) {
                case io.netty.handler.codec.http.TooLongHttpHeaderException e -> HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
                case io.netty.handler.codec.http.TooLongHttpLineException e -> HttpResponseStatus.REQUEST_URI_TOO_LONG;
                default -> HttpResponseStatus.BAD_REQUEST;
            };
            closeWith(status);
            return false;
        }
        if (message instanceof HttpRequest head) {
            begin(head);
        }
        if (message instanceof HttpContent content) {
            exchange.onContent(content.content());
            if (content instanceof LastHttpContent) {
                exchange.respond(reply(request.protocolVersion(), request.method()));
                request = null;
                exchange = null;
                return keepAlive;
            }
        }
        return true;
    }

    private void begin(HttpRequest head) throws IOException {
        request = head;
        headStarted = -1;
        keepAlive = HttpUtil.isKeepAlive(head); // RFC 9112 §9.3: 1.1 persists, 1.0 closes, unless told
        if (unsupportedExpectation(head)) {
            exchange = ErrorExchange.of(HttpResponseStatus.EXPECTATION_FAILED); // RFC 9110 §10.1.1
            keepAlive = false;
            return;
        }
        exchange = routes.route(head);
        if (HttpUtil.is100ContinueExpected(head)) {
            if (exchange.readsBody()) {
                HttpReply.interim(codec, out, HttpResponseStatus.CONTINUE);
            } else {
                keepAlive = false; // the client may withhold the body: do not read on after the response
            }
        }
    }

    /** An Expect header other than 100-continue (RFC 9110 §10.1.1); 1.0 clients' ones are ignored. */
    private static boolean unsupportedExpectation(HttpRequest head) {
        String expect = head.headers().get(HttpHeaderNames.EXPECT);
        return expect != null && head.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0
                && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim());
    }

    private HttpReply reply(HttpVersion version, HttpMethod method) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(clock));
        return new HttpReply(codec, out, keepAlive, version, !method.equals(HttpMethod.HEAD), date);
    }
}

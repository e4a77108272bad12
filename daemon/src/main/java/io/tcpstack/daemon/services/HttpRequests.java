package io.tcpstack.daemon.services;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests, as the HTTP decoder hands them over (no aggregator: bodies arrive
 * piece by piece): each goes to its exchange ({@link HttpRoutes}), and is answered once it has
 * been read whole, in order, one at a time. What the decoder delivers while a response is being
 * written waits, and nothing more is read until it is answered (pipelining, RFC 9112 §9.3.2).
 *
 * <p>A timeout inside a request ({@link HttpInput}) is answered with 408 Request Timeout (RFC
 * 9110 §15.5.9), an idle connection between requests is just closed (RFC 9112 §9.5). A malformed
 * head gets 400, one over the size bounds 431 (RFC 6585 §5) or, for its request line, 414 (RFC
 * 9110 §15.5.15), and the connection closes. Loop-confined.
 */
final class HttpRequests extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpRequests.class);

    private final HttpRoutes routes;
    private final Clock clock;
    private final HttpInput input;
    private ChannelHandlerContext ctx;
    /** Decoded while a response was being written; answered in order once it is. */
    private final ArrayDeque<HttpObject> waiting = new ArrayDeque<>();
    /** The request being read and its exchange; null between requests. */
    private HttpRequest request;
    private HttpExchange exchange;
    /** Whether the connection persists after the response to {@link #request}. */
    private boolean keepAlive;
    /** The response being written; null when none is. */
    private HttpReply responding;
    /** Reading stopped while {@link #responding} is written. */
    private boolean paused;
    /** Inside {@link #drain()}. */
    private boolean draining;
    /** A response ends the connection: nothing more is answered. */
    private boolean closing;
    /** The client's FIN arrived: once what it sent before is answered, the connection closes. */
    private boolean inputEnded;

    HttpRequests(HttpRoutes routes, Clock clock, HttpInput input) {
        this.routes = routes;
        this.clock = clock;
        this.input = input;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (responding != null || !waiting.isEmpty()) {
            waiting.add((HttpObject) msg);
        } else {
            handleAndRelease((HttpObject) msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (!(evt instanceof HttpInput.Event event)) {
            context.fireUserEventTriggered(evt);
            return;
        }
        if (closing) {
            return;
        }
        switch (event) {
            case IDLE -> context.close();
            case TIMED_OUT -> closeWith(HttpResponseStatus.REQUEST_TIMEOUT);
            case ENDED -> {
                inputEnded = true; // a partly read request is dropped
                closeIfDone();
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (responding != null && context.channel().isWritable()) {
            responding.writable();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException) { // the peer reset, timed out or went away: normal for a network service
            log.debug("http {}: connection ended: {}", context.channel().remoteAddress(), cause.getMessage());
        } else {
            log.warn("http {}: service failed", context.channel().remoteAddress(), cause);
        }
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        releaseWaiting();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        releaseWaiting();
    }

    private void handleAndRelease(HttpObject message) {
        try {
            handle(message);
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void handle(HttpObject message) {
        if (message.decoderResult().isFailure()) {
            // RFC 9112 §2.2, §6.3: a malformed request gets 400 and the connection is closed.
            // Nothing has been sent for it yet: responses go out only once a request is whole.
            closeWith(switch (message.decoderResult().cause()) {
                case TooLongHttpHeaderException e -> HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
                case TooLongHttpLineException e -> HttpResponseStatus.REQUEST_URI_TOO_LONG;
                default -> HttpResponseStatus.BAD_REQUEST;
            });
            return;
        }
        if (message instanceof HttpRequest head) {
            begin(head);
        }
        if (message instanceof HttpContent content && exchange != null) {
            exchange.onContent(content.content());
            if (content instanceof LastHttpContent) {
                respond();
            }
        }
    }

    private void begin(HttpRequest head) {
        request = head;
        input.headDecoded();
        keepAlive = HttpUtil.isKeepAlive(head); // RFC 9112 §9.3: 1.1 persists, 1.0 closes, unless told
        if (unsupportedExpectation(head)) {
            exchange = ErrorExchange.of(HttpResponseStatus.EXPECTATION_FAILED); // RFC 9110 §10.1.1
            keepAlive = false;
            return;
        }
        exchange = routes.route(head);
        if (HttpUtil.is100ContinueExpected(head)) {
            if (exchange.readsBody()) {
                HttpReply.interim(ctx, HttpResponseStatus.CONTINUE);
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

    /** The request was read whole: its exchange answers, at once or later. */
    private void respond() {
        HttpExchange answering = exchange;
        HttpReply reply = reply(request.protocolVersion(), request.method());
        request = null;
        exchange = null;
        input.requestEnded();
        start(reply);
        answering.respond(reply);
        if (responding == reply && !closing && !draining) {
            pause(); // it is still being written
        }
    }

    /** An error that ends the connection: the status as a text response, with "Connection: close". */
    private void closeWith(HttpResponseStatus status) {
        keepAlive = false;
        HttpReply reply = reply(request == null ? HttpVersion.HTTP_1_1 : request.protocolVersion(), HttpMethod.GET);
        request = null;
        exchange = null;
        start(reply);
        reply.text(status, status + "\n");
    }

    private void start(HttpReply reply) {
        responding = reply;
        if (!reply.keepAlive()) {
            closing = true;
        }
    }

    /** Told by {@link #responding} once it has been written: the next request's turn, or the close. */
    private void responded(HttpReply reply) {
        responding = null;
        if (!reply.keepAlive()) {
            reply.written().addListener(ChannelFutureListener.CLOSE);
            releaseWaiting();
            return;
        }
        if (paused) {
            paused = false;
            input.resume();
            drain();
        }
        closeIfDone();
    }

    /**
     * Answers what waited, while each answer comes at once; reading resumes once all is answered,
     * or stops until a later answer is written.
     */
    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            for (HttpObject message; responding == null && !closing && (message = waiting.poll()) != null; ) {
                handleAndRelease(message);
            }
        } finally {
            draining = false;
        }
        if (responding != null && !closing) {
            pause();
        } else if (!closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** A response is still being written after {@code respond}: stop reading until it is. */
    private void pause() {
        if (!paused) {
            paused = true;
            input.pause();
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** After the client's FIN, the connection closes once nothing it asked for is left to answer. */
    private void closeIfDone() {
        if (inputEnded && !closing && responding == null && waiting.isEmpty() && request == null) {
            closing = true;
            ctx.close();
        } else if (inputEnded && request != null && responding == null) {
            closing = true;
            ctx.close(); // a partly read request is dropped
        }
    }

    private void releaseWaiting() {
        for (HttpObject message; (message = waiting.poll()) != null; ) {
            ReferenceCountUtil.release(message);
        }
    }

    private HttpReply reply(HttpVersion version, HttpMethod method) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(clock));
        return new HttpReply(ctx, keepAlive, version, !method.equals(HttpMethod.HEAD), date, this::responded);
    }
}

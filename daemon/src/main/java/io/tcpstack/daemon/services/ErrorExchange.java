package io.tcpstack.daemon.services;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** Answers with an error status and its reason phrase as the text body. */
record ErrorExchange(HttpResponseStatus status, String allow) implements HttpExchange {

    static ErrorExchange of(HttpResponseStatus status) {
        return new ErrorExchange(status, null);
    }

    /** 405, listing the methods the resource supports (RFC 9110 §15.5.6). */
    static ErrorExchange methodNotAllowed(String allow) {
        return new ErrorExchange(HttpResponseStatus.METHOD_NOT_ALLOWED, allow);
    }

    @Override
    public void respond(HttpReply reply) {
        byte[] content = (status + "\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse head = reply.head(status, HttpReply.TEXT, content.length);
        if (allow != null) {
            head.headers().set(HttpHeaderNames.ALLOW, allow);
        }
        reply.send(head, content);
    }
}

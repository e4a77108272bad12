package io.tcpstack.daemon.services;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/** {@code GET /bytes/N}: N bytes of {@link BytesPattern}, streamed with a Content-Length. */
record BytesExchange(long length) implements HttpExchange {
    /** Largest N served (1 TiB); larger ones get 413. */
    static final long MAX_LENGTH = 1L << 40;

    /** The exchange for the path segment after {@code /bytes/}: 400 unless decimal digits, 413 if too large. */
    static HttpExchange parse(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return ErrorExchange.of(HttpResponseStatus.BAD_REQUEST);
        }
        String trimmed = digits.replaceFirst("^0+(?=.)", "");
        if (trimmed.length() > String.valueOf(MAX_LENGTH).length() || Long.parseLong(trimmed) > MAX_LENGTH) {
            return ErrorExchange.of(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
        }
        return new BytesExchange(Long.parseLong(trimmed));
    }

    @Override
    public void respond(HttpReply reply) throws IOException {
        reply.send(reply.head(HttpResponseStatus.OK, "application/octet-stream", length));
        if (reply.bodyWanted()) {
            for (long offset = 0; offset < length; offset += BytesPattern.MAX_SLICE) {
                reply.body(BytesPattern.slice(offset, (int) Math.min(BytesPattern.MAX_SLICE, length - offset)));
            }
        }
        reply.end();
    }
}

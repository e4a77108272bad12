package io.tcpstack.daemon.services;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code GET /bytes/N}: N bytes of {@link BytesPattern}, streamed with a Content-Length, a slice
 * at a time as the connection takes them.
 */
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
    public void respond(HttpReply reply) {
        reply.stream(reply.head(HttpResponseStatus.OK, "application/octet-stream", length), new HttpReply.Body() {
            private long offset;

            @Override
            public ByteBuf next() {
                if (offset >= length) {
                    return null;
                }
                int n = (int) Math.min(BytesPattern.MAX_SLICE, length - offset);
                ByteBuf slice = BytesPattern.slice(offset, n);
                offset += n;
                return slice;
            }
        });
    }
}

package io.tcpstack.daemon.services;

import io.netty.buffer.ByteBuf;
import java.io.IOException;

/** What the service does with one request: it sees the body as it arrives, then responds. */
interface HttpExchange {
    /** Whether the body is wanted; if not, a client expecting 100 Continue gets none (RFC 9110 §10.1.1). */
    default boolean readsBody() {
        return false;
    }

    /** One piece of the request body; not retained beyond the call. */
    default void onContent(ByteBuf content) {
    }

    /** Called once the whole request, body included, has been read. */
    void respond(HttpReply reply) throws IOException;
}

package io.tcpstack.daemon.services;

import io.netty.buffer.ByteBuf;

/** What the service does with one request: it sees the body as it arrives, then responds. */
interface HttpExchange {
    /** Whether the body is wanted; if not, a client expecting 100 Continue gets none (RFC 9110 §10.1.1). */
    default boolean readsBody() {
        return false;
    }

    /** One piece of the request body; not retained beyond the call. */
    default void onContent(ByteBuf content) {
    }

    /**
     * Called on the connection's event loop once the whole request, body included, has been read;
     * the response may be sent later (on the loop), the connection's next request waits for it.
     */
    void respond(HttpReply reply);
}

package io.tcpstack.daemon.services;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/** {@code GET /}: the status page. */
record StatusExchange(StatusPage page) implements HttpExchange {
    @Override
    public void respond(HttpReply reply) throws IOException {
        reply.text(HttpResponseStatus.OK, page.render());
    }
}

package io.tcpstack.daemon.services;

import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code GET /}: the status page, rendered off the event loop (its connection table asks every queue's loop). */
record StatusExchange(StatusPage page) implements HttpExchange {
    @Override
    public void respond(HttpReply reply) {
        reply.offLoop(() -> {
            String text = page.render();
            return r -> r.text(HttpResponseStatus.OK, text);
        });
    }
}

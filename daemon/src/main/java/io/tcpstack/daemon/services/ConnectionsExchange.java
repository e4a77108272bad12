package io.tcpstack.daemon.services;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.tcpstack.daemon.web.ConnectionsView;

/**
 * {@code GET /connections}, {@code /connections.json}, {@code /connections/N.svg}: the web view of
 * traced connections ({@link ConnectionsView}).
 *
 * @param resource {@code page}, {@code list} or {@code diagram}
 * @param id       the connection id asked for, or null
 */
record ConnectionsExchange(ConnectionsView view, String resource, String id) implements HttpExchange {
    static final String PAGE = "page";
    static final String LIST = "list";
    static final String DIAGRAM = "diagram";

    @Override
    public void respond(HttpReply reply) {
        // off the loop: the view waits for the stack's loops, this one among them; an IOException
        // (the loops did not take the trace: the stack is stopping) becomes a 503
        reply.offLoop(() -> {
            ConnectionsView.Answer answer = switch (resource) {
                case LIST -> view.list();
                case DIAGRAM -> view.diagram(id);
                default -> view.page(id);
            };
            return r -> r.send(r.head(HttpResponseStatus.valueOf(answer.status()), answer.contentType(),
                    answer.body().length), answer.body());
        });
    }
}

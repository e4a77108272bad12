package io.tcpstack.daemon.services;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.tcpstack.daemon.web.ConnectionsView;
import java.io.IOException;

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
    public void respond(HttpReply reply) throws IOException {
        ConnectionsView.Answer answer;
        try {
            answer = switch (resource) {
                case LIST -> view.list();
                case DIAGRAM -> view.diagram(id);
                default -> view.page(id);
            };
        } catch (IOException e) { // the stack's loops did not take the trace: it is stopping
            ErrorExchange.of(HttpResponseStatus.SERVICE_UNAVAILABLE).respond(reply);
            return;
        }
        reply.send(reply.head(HttpResponseStatus.valueOf(answer.status()), answer.contentType(), answer.body().length),
                answer.body());
    }
}

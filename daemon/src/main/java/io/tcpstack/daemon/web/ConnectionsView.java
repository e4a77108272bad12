package io.tcpstack.daemon.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web view's three resources, from a {@link ConnectionLog}: the page ({@code /connections},
 * optionally {@code ?id=N}), the list as JSON ({@code /connections.json}) and one connection's
 * diagram ({@code /connections/N.svg}). Each answer is a status, a content type and a body; an
 * unknown or malformed id is a 404 or 400 with a one-line reason.
 */
public final class ConnectionsView {
    public static final String HTML = "text/html; charset=utf-8";
    public static final String JSON = "application/json";
    public static final String SVG = "image/svg+xml";
    public static final String TEXT = "text/plain; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TEMPLATE = load("connections.html");

    /** An answer: HTTP status code, content type, body. */
    public record Answer(int status, String contentType, byte[] body) {
        static Answer of(int status, String contentType, String body) {
            return new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final ConnectionLog log;

    public ConnectionsView(ConnectionLog log) {
        this.log = log;
    }

    /** {@code GET /connections?id=N}: {@code id} is the query's value, or null for the list alone. */
    public Answer page(String id) throws IOException {
        log.viewed();
        String diagram = "";
        int status = 200;
        if (id != null) {
            Optional<Long> n = parse(id);
            if (n.isEmpty()) {
                return Answer.of(400, TEXT, "bad connection id '" + id + "': a number from the list\n");
            }
            Optional<ConnectionLog.Recorded> c = log.connection(n.get());
            if (c.isPresent()) {
                diagram = svg(c.get());
            } else {
                status = 404;
                diagram = "<p class=\"missing\">no connection " + n.get() + ": it closed too long ago or never was"
                        + " recorded</p>";
            }
        }
        String html = TEMPLATE.replace("{{CLOSED_KEPT}}", String.valueOf(ConnectionLog.CLOSED_KEPT))
                .replace("{{EVENTS_KEPT}}", String.valueOf(ConnectionLog.EVENTS_KEPT))
                .replace("{{ROWS}}", rows(log.connections()))
                .replace("{{ID}}", id == null ? "" : LadderSvg.escape(id))
                .replace("{{DIAGRAM}}", diagram);
        return Answer.of(status, HTML, html);
    }

    /** {@code GET /connections.json}. */
    public Answer list() throws IOException {
        log.viewed();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connections", log.connections());
        body.put("dropped", log.dropped());
        try {
            return Answer.of(200, JSON, MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET /connections/N.svg}: {@code id} is N. */
    public Answer diagram(String id) throws IOException {
        log.viewed();
        Optional<Long> n = parse(id);
        if (n.isEmpty()) {
            return Answer.of(400, TEXT, "bad connection id '" + id + "': a number from the list\n");
        }
        return log.connection(n.get()).map(c -> Answer.of(200, SVG, svg(c)))
                .orElseGet(() -> Answer.of(404, TEXT, "no connection " + n.get() + "\n"));
    }

    private static String svg(ConnectionLog.Recorded c) {
        return LadderSvg.render(c.summary().peer(), c.summary().local(), c.events());
    }

    static String rows(List<ConnectionTrace.Summary> connections) {
        StringBuilder s = new StringBuilder();
        for (ConnectionTrace.Summary c : connections) {
            s.append("<tr").append(c.closed() ? " class=\"closed\"" : "").append("><td><a href=\"/connections?id=")
                    .append(c.id()).append("\">").append(c.id()).append("</a></td><td>")
                    .append(LadderSvg.escape(c.peer())).append("</td><td>").append(LadderSvg.escape(c.local()))
                    .append("</td><td>").append(c.state() == null ? "" : c.state()).append("</td><td>")
                    .append(c.segments()).append(c.omitted() > 0 ? " (+" + c.omitted() + " not kept)" : "")
                    .append("</td></tr>");
        }
        return s.toString();
    }

    private static Optional<Long> parse(String id) {
        if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(id));
    }

    private static String load(String name) {
        try (InputStream in = ConnectionsView.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

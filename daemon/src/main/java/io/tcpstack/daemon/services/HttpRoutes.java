package io.tcpstack.daemon.services;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tcpstack.daemon.web.ConnectionsView;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Maps a request to its exchange: {@code /}, {@code /bytes/N}, {@code /sink}, and with a web view
 * {@code /connections}, {@code /connections.json}, {@code /connections/N.svg}; 404 and 405 otherwise.
 */
final class HttpRoutes {
    private static final String BYTES = "/bytes/";
    private static final String CONNECTIONS = "/connections";
    private static final String SVG = ".svg";

    private final StatusPage statusPage;
    /** Null without the web view (a network whose connections are not traced). */
    private final ConnectionsView connections;

    HttpRoutes(StatusPage statusPage, ConnectionsView connections) {
        this.statusPage = statusPage;
        this.connections = connections;
    }

    HttpExchange route(HttpRequest request) {
        String path;
        String query;
        try {
            URI uri = new URI(request.uri()); // origin-form or absolute-form (RFC 9112 §3.2)
            path = uri.getRawPath();
            query = uri.getRawQuery();
        } catch (URISyntaxException e) {
            return ErrorExchange.of(HttpResponseStatus.BAD_REQUEST);
        }
        if (path == null) {
            return ErrorExchange.of(HttpResponseStatus.BAD_REQUEST);
        }
        HttpMethod method = request.method();
        boolean read = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        if (path.equals("/")) {
            return read ? new StatusExchange(statusPage) : ErrorExchange.methodNotAllowed("GET, HEAD");
        }
        if (path.startsWith(BYTES)) {
            return read ? BytesExchange.parse(path.substring(BYTES.length())) : ErrorExchange.methodNotAllowed("GET, HEAD");
        }
        if (path.equals("/sink")) {
            return method.equals(HttpMethod.POST) ? new SinkExchange() : ErrorExchange.methodNotAllowed("POST");
        }
        if (connections != null && path.startsWith(CONNECTIONS)) {
            HttpExchange view = connections(path.substring(CONNECTIONS.length()), query);
            if (view != null) {
                return read ? view : ErrorExchange.methodNotAllowed("GET, HEAD");
            }
        }
        return ErrorExchange.of(HttpResponseStatus.NOT_FOUND);
    }

    /** The web view's exchange for what follows {@code /connections} in the path, or null for none. */
    private HttpExchange connections(String rest, String query) {
        if (rest.isEmpty()) {
            return new ConnectionsExchange(connections, ConnectionsExchange.PAGE, parameter(query, "id"));
        }
        if (rest.equals(".json")) {
            return new ConnectionsExchange(connections, ConnectionsExchange.LIST, null);
        }
        if (rest.startsWith("/") && rest.endsWith(SVG) && rest.length() > 1 + SVG.length()) {
            return new ConnectionsExchange(connections, ConnectionsExchange.DIAGRAM,
                    rest.substring(1, rest.length() - SVG.length()));
        }
        return null;
    }

    /** The raw value of {@code name} in a query string, or null when absent. */
    private static String parameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.equals(name)) {
                return "";
            }
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }
}

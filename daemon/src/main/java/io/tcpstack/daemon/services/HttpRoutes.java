package io.tcpstack.daemon.services;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.net.URISyntaxException;

/** Maps a request to its exchange: {@code /}, {@code /bytes/N}, {@code /sink}; 404 and 405 otherwise. */
final class HttpRoutes {
    private static final String BYTES = "/bytes/";

    private final StatusPage statusPage;

    HttpRoutes(StatusPage statusPage) {
        this.statusPage = statusPage;
    }

    HttpExchange route(HttpRequest request) {
        String path;
        try {
            path = new URI(request.uri()).getRawPath(); // origin-form or absolute-form (RFC 9112 §3.2)
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
        return ErrorExchange.of(HttpResponseStatus.NOT_FOUND);
    }
}

package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.tcpstack.daemon.control.TraceSource;
import io.tcpstack.daemon.control.TraceSubscription;
import io.tcpstack.daemon.web.ConnectionLog;
import io.tcpstack.daemon.web.ConnectionsView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which exchange the web view's paths map to. */
class HttpRoutesTest {
    private static final TraceSource NO_TRACES = new TraceSource() {
        @Override
        public void subscribe(TraceSubscription subscription) {
        }

        @Override
        public void unsubscribe(TraceSubscription subscription) {
        }
    };
    private final ConnectionsView view = new ConnectionsView(new ConnectionLog(NO_TRACES));
    private final HttpRoutes routes = new HttpRoutes(new StatusPage(List::of, ConnectionTable.NONE), view);

    private HttpExchange route(HttpMethod method, String uri) {
        return routes.route(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri));
    }

    @Test
    void theViewsPaths() {
        assertThat(route(HttpMethod.GET, "/connections"))
                .isEqualTo(new ConnectionsExchange(view, ConnectionsExchange.PAGE, null));
        assertThat(route(HttpMethod.GET, "/connections?id=12&x=1"))
                .isEqualTo(new ConnectionsExchange(view, ConnectionsExchange.PAGE, "12"));
        assertThat(route(HttpMethod.HEAD, "/connections.json"))
                .isEqualTo(new ConnectionsExchange(view, ConnectionsExchange.LIST, null));
        assertThat(route(HttpMethod.GET, "/connections/7.svg"))
                .isEqualTo(new ConnectionsExchange(view, ConnectionsExchange.DIAGRAM, "7"));
    }

    @Test
    void otherPathsAndMethods() {
        assertThat(route(HttpMethod.GET, "/connectionsx")).isEqualTo(ErrorExchange.of(HttpResponseStatus.NOT_FOUND));
        assertThat(route(HttpMethod.GET, "/connections/.svg")).isEqualTo(ErrorExchange.of(HttpResponseStatus.NOT_FOUND));
        assertThat(route(HttpMethod.GET, "/connections/7")).isEqualTo(ErrorExchange.of(HttpResponseStatus.NOT_FOUND));
        assertThat(route(HttpMethod.POST, "/connections")).isEqualTo(ErrorExchange.methodNotAllowed("GET, HEAD"));
        assertThat(new HttpRoutes(new StatusPage(List::of, ConnectionTable.NONE), null)
                .route(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/connections")))
                .as("no view on a network that is not traced").isEqualTo(ErrorExchange.of(HttpResponseStatus.NOT_FOUND));
    }
}

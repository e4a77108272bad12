package io.tcpstack.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpstack.daemon.control.TraceEvent;
import io.tcpstack.daemon.control.TraceSource;
import io.tcpstack.daemon.control.TraceSubscription;
import io.tcpstack.daemon.trace.TraceScript;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The web view's list, page and diagram answers over a log fed recorded events; its bounds. */
class ConnectionsViewTest {
    private final List<TraceSubscription> subscribed = new ArrayList<>();
    private final ConnectionLog log = new ConnectionLog(new TraceSource() {
        @Override
        public void subscribe(TraceSubscription subscription) {
            subscribed.add(subscription);
        }

        @Override
        public void unsubscribe(TraceSubscription subscription) {
            subscribed.remove(subscription);
        }
    });
    private final ConnectionsView view = new ConnectionsView(log);

    @Test
    void listsAClosedConnectionAndDrawsIt() throws Exception {
        TraceScript.events(TraceScript.ECHO).forEach(log::record);
        TraceScript.events("in SYN 0 - 0\nstate LISTEN SYN_RECEIVED\n").stream()
                .map(ConnectionsViewTest::fromPort41523).forEach(log::record);

        ConnectionsView.Answer list = view.list();
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.contentType()).isEqualTo(ConnectionsView.JSON);
        JsonNode json = new ObjectMapper().readTree(list.body());
        assertThat(json.path("connections")).hasSize(2);
        JsonNode live = json.path("connections").get(0);
        assertThat(live.path("peer").asText()).isEqualTo("10.0.0.1:41523");
        assertThat(live.path("state").asText()).isEqualTo("SYN_RECEIVED");
        assertThat(live.path("closed").asBoolean()).isFalse();
        JsonNode done = json.path("connections").get(1);
        assertThat(done.path("id").asLong()).isEqualTo(1);
        assertThat(done.path("local").asText()).isEqualTo("10.0.0.2:7");
        assertThat(done.path("state").asText()).isEqualTo("CLOSED");
        assertThat(done.path("closed").asBoolean()).isTrue();
        assertThat(done.path("segments").asLong()).isEqualTo(10);
        assertThat(subscribed).as("the first view starts recording").hasSize(1);

        ConnectionsView.Answer svg = view.diagram("1");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.contentType()).isEqualTo(ConnectionsView.SVG);
        assertThat(text(svg)).isEqualTo(LadderSvg.render("10.0.0.1:41522", "10.0.0.2:7",
                TraceScript.events(TraceScript.ECHO)));

        ConnectionsView.Answer page = view.page("1");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).isEqualTo(ConnectionsView.HTML);
        assertThat(text(page)).contains("<svg ", "SYN+ACK seq=0 ack=1", "href=\"/connections?id=2\"",
                "the peer's are inferred from the segments").doesNotContain("{{");
        log.close();
    }

    @Test
    void unknownAndMalformedIdsAreOneLineErrors() throws Exception {
        assertThat(view.diagram("7").status()).isEqualTo(404);
        assertThat(text(view.diagram("7"))).isEqualTo("no connection 7\n");
        assertThat(view.page("7").status()).isEqualTo(404);
        assertThat(text(view.page("7"))).contains("no connection 7");
        for (String bad : List.of("x", "", "-1", "1e3", "99999999999999999999", "%3Cscript%3E")) {
            ConnectionsView.Answer answer = view.diagram(bad);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(text(answer)).as(bad).startsWith("bad connection id").hasLineCount(1);
            assertThat(view.page(bad).status()).isEqualTo(400);
        }
        log.close();
    }

    @Test
    void keepsTheLastClosedConnectionsAndTheFirstEventsOfEach() throws Exception {
        for (int i = 0; i < ConnectionLog.CLOSED_KEPT + 6; i++) {
            int port = 30000 + i;
            TraceScript.events(TraceScript.ECHO).stream().map(e -> onPort(e, port)).forEach(log::record);
        }
        List<ConnectionTrace.Summary> all = log.connections();
        assertThat(all).hasSize(ConnectionLog.CLOSED_KEPT);
        assertThat(all.get(0).id()).as("newest first").isEqualTo(ConnectionLog.CLOSED_KEPT + 6);
        assertThat(log.connection(1)).isEmpty();

        TraceEvent data = TraceScript.events("in ACK 1 1 10").get(0);
        for (int i = 0; i < ConnectionLog.EVENTS_KEPT + 3; i++) {
            log.record(data);
        }
        ConnectionTrace.Summary busy = log.connections().get(0);
        assertThat(busy.segments()).isEqualTo(ConnectionLog.EVENTS_KEPT);
        assertThat(busy.omitted()).isEqualTo(3);
        log.close();
    }

    private static TraceEvent fromPort41523(TraceEvent e) {
        return onPort(e, 41523);
    }

    private static TraceEvent onPort(TraceEvent e, int peerPort) {
        return new TraceEvent(e.type(), e.time(), e.queue(), e.localAddress(), e.localPort(), e.peerAddress(),
                peerPort, e.direction(), e.flags(), e.seq(), e.ack(), e.len(), e.window(), e.options(),
                e.retransmission(), e.from(), e.to(), e.cause(), e.dropped());
    }

    private static String text(ConnectionsView.Answer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }
}

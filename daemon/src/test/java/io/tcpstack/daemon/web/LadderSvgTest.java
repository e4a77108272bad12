package io.tcpstack.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.daemon.trace.TraceScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The SVG ladder of a recorded echo connection (3-way handshake, data, 4-way close), against a golden file. */
class LadderSvgTest {
    static final String ECHO = """
            in SYN 0 - 0
            state LISTEN SYN_RECEIVED
            out SYN,ACK 0 1 0
            in ACK 1 1 0
            state SYN_RECEIVED ESTABLISHED
            in PSH,ACK 1 1 5
            out PSH,ACK 1 6 5
            in ACK 6 6 0
            in FIN,ACK 6 6 0
            state ESTABLISHED CLOSE_WAIT
            out ACK 6 7 0
            state CLOSE_WAIT LAST_ACK
            out FIN,ACK 6 7 0
            in ACK 7 7 0
            state LAST_ACK CLOSED
            """;

    @Test
    void handshakeDataAndTeardownOfAnEchoConnection() throws IOException {
        String svg = LadderSvg.render("10.0.0.1:41522", "10.0.0.2:7", TraceScript.events(ECHO));
        assertThat(svg).isEqualTo(golden("echo-ladder.svg"));
    }

    @Test
    void textIsEscaped() {
        assertThat(LadderSvg.escape("<a & \"b\">")).isEqualTo("&lt;a &amp; &quot;b&quot;&gt;");
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = LadderSvgTest.class.getResourceAsStream(name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

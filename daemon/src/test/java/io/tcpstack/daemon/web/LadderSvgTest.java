package io.tcpstack.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.daemon.trace.TraceScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The SVG ladder of a recorded echo connection (3-way handshake, data, 4-way close), against a golden file. */
class LadderSvgTest {
    @Test
    void handshakeDataAndTeardownOfAnEchoConnection() throws IOException {
        String svg = LadderSvg.render("10.0.0.1:41522", "10.0.0.2:7", TraceScript.events(TraceScript.ECHO));
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

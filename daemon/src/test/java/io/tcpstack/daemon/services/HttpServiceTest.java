package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP service's pipeline over Netty's NIO on 127.0.0.1, driven by raw sockets and the JDK's client. */
class HttpServiceTest {
    private static final int TEN_MIB = 10 << 20;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpService service;
    private HttpChannels channels;

    @BeforeEach
    void start() throws IOException {
        start(ServiceTimeouts.HTTP_DEFAULTS);
    }

    private void start(ServiceTimeouts timeouts) throws IOException {
        start(timeouts, ServiceLimits.NONE);
    }

    private void start(ServiceTimeouts timeouts, ServiceLimits limits) throws IOException {
        if (service != null) {
            service.close();
        }
        StatusPage page = new StatusPage(() -> List.of("http on port 80", "echo on port 7"),
                () -> List.of("10.0.0.1:80 10.0.0.2:40000 ESTABLISHED"));
        Clock clock = Clock.fixed(Instant.parse("2008-06-03T11:05:30Z"), ZoneOffset.UTC);
        channels = new HttpChannels(new HttpRoutes(page, null), clock, timeouts, limits, new ServiceCounters());
        service = HttpService.onKernel("http", JdkStreamNetwork.LOOPBACK, 0, channels);
    }

    /** Over the connection cap: 503 before any request is read, then a FIN (not an RST that could destroy the 503). */
    @Test
    void aConnectionOverTheCapGets503AndAFin() throws Exception {
        start(ServiceTimeouts.HTTP_DEFAULTS, new ServiceLimits(1, null));
        try (Socket served = new Socket("127.0.0.1", service.port());
             Socket refused = new Socket("127.0.0.1", service.port())) {
            served.setSoTimeout(10_000);
            refused.setSoTimeout(10_000);
            send(served, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(RawHttp.read(new BufferedInputStream(served.getInputStream()), false).status()).isEqualTo(200);
            // the first connection persists and holds the one slot; the second was accepted after it
            send(refused, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = new BufferedInputStream(refused.getInputStream());
            RawHttp response = RawHttp.read(in, false);
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.headers()).containsEntry("connection", "close");
            assertThat(in.read()).as("the service's FIN").isEqualTo(-1);
            refused.shutdownOutput();
        }
        assertThat(service.counters().refused()).isEqualTo(1);
    }

    /** Slowloris: a head whose bytes keep trickling in is cut off at the header timeout with 408. */
    @Test
    void aHeadThatTricklesInGets408AtTheHeaderTimeout() throws Exception {
        start(new ServiceTimeouts(java.time.Duration.ofSeconds(30), java.time.Duration.ofMillis(300)));
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(10_000); // without the timeout the test fails rather than hangs
            send(socket, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        socket.getOutputStream().write('a'); // well within the idle timeout, every time
                        Thread.sleep(20);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed, or the test ended
                }
            });
            try {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                RawHttp response = RawHttp.read(in, false);
                assertThat(response.status()).isEqualTo(408);
                assertThat(response.headers()).containsEntry("connection", "close");
                assertThat(in.read()).as("closed after the 408").isEqualTo(-1);
            } finally {
                trickle.interrupt();
            }
        }
    }

    @Test
    void anIdleConnectionIsClosedWithoutAResponse() throws Exception {
        start(new ServiceTimeouts(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(20)));
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(10_000);
            send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = new BufferedInputStream(socket.getInputStream());
            assertThat(RawHttp.read(in, false).status()).isEqualTo(200);
            assertThat(in.read()).as("closed once idle, nothing sent").isEqualTo(-1);
        }
    }

    /**
     * A client that stops reading a 1 TiB body stops the body: the service writes on only while
     * the channel is writable, so what waits for the client stays near the channel's high water
     * mark (64 KiB) instead of growing with the body.
     */
    @Test
    void aClientThatStopsReadingStopsTheBody() throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            send(socket, "GET /bytes/1099511627776 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(socket.getInputStream().readNBytes(100_000)).hasSize(100_000);
            Thread.sleep(500); // the kernel's buffers fill; the service must stop writing
            io.netty.channel.Channel served = channels.open.iterator().next();
            long waiting = served.eventLoop().submit(() -> served.unsafe().outboundBuffer().totalPendingWriteBytes())
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(waiting).as("bytes waiting in the channel").isLessThan(1 << 20);
            JdkStreamNetwork.abort(socket);
        }
    }

    /** 100-continue is not sent for a resource that reads no body, and the connection ends after the response. */
    @Test
    void aContinueForAResourceWithoutBodyIsNotSent() throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET /bytes/2 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n");
            RawHttp response = RawHttp.read(in, false);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void anExpectationOtherThanContinueGets417() throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET /bytes/2 HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n");
            assertThat(RawHttp.read(in, false).status()).isEqualTo(417);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    /** A body whose bytes stop coming is cut off at the idle timeout with 408. */
    @Test
    void aBodyThatStopsGets408AtTheIdleTimeout() throws Exception {
        start(new ServiceTimeouts(java.time.Duration.ofMillis(300), java.time.Duration.ofSeconds(20)));
        try (Socket socket = Clients.connect(service.port())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "POST /sink HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            RawHttp response = RawHttp.read(in, false);
            assertThat(response.status()).isEqualTo(408);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET /bytes/300000 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /sink HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"
                    + "GET /bytes/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(RawHttp.read(in, false).body()).hasSize(300_000);
            assertThat(RawHttp.read(in, false).text()).startsWith("2 ");
            assertThat(RawHttp.read(in, false).body()).containsExactly(0, 1, 2);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void headerFieldsOverTheBoundGet431() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            send(socket, "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
            InputStream in = new BufferedInputStream(socket.getInputStream());
            assertThat(RawHttp.read(in, false).status()).isEqualTo(431);
        }
    }

    @AfterEach
    void stop() {
        service.close();
        client.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }

    private static String sha256Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void statusPageListsServicesAndConnections() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/")).build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
        assertThat(response.headers().firstValue("date")).hasValue("Tue, 3 Jun 2008 11:05:30 GMT");
        assertThat(response.body()).isEqualTo("""
                tcpstack

                services:
                  http on port 80
                  echo on port 7

                connections:
                  10.0.0.1:80 10.0.0.2:40000 ESTABLISHED
                """);
    }

    @Test
    void bytesStreamsThePatternWithItsLength() throws Exception {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri("/bytes/" + TEN_MIB)).build(),
                BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(TEN_MIB);
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readAllBytes();
        }
        assertThat(body).hasSize(TEN_MIB);
        assertThat(body[250]).isEqualTo((byte) 250);
        assertThat(body[251]).isEqualTo((byte) 0);
        assertThat(sha256Hex(body)).isEqualTo(BytesPattern.sha256Hex(TEN_MIB));
    }

    @Test
    void headAnswersWithTheHeadersOfGetOnly() throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "HEAD /bytes/1073741824 HTTP/1.1\r\nHost: x\r\n\r\nHEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp bytes = RawHttp.read(in, true);
            assertThat(bytes.status()).isEqualTo(200);
            assertThat(bytes.header("content-length")).isEqualTo("1073741824");
            RawHttp status = RawHttp.read(in, true); // had the first carried a body, this would not parse
            assertThat(status.status()).isEqualTo(200);
            assertThat(Integer.parseInt(status.header("content-length"))).isPositive();
            send(socket, "GET /bytes/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(RawHttp.read(in, false).body()).containsExactly(0, 1, 2);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void sinkCountsAndHashesABodyWithContentLength() throws Exception {
        byte[] data = Clients.randomBytes(TEN_MIB, 3);
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(uri("/sink")).POST(BodyPublishers.ofByteArray(data)).build(),
                BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(TEN_MIB + " " + sha256Hex(data) + "\n");
    }

    @Test
    void sinkCountsAndHashesAChunkedBody() throws Exception {
        byte[] data = Clients.randomBytes(TEN_MIB, 4);
        HttpRequest request = HttpRequest.newBuilder(uri("/sink"))
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data))) // unknown length: chunked
                .build();
        HttpResponse<String> response = client.send(request, BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(TEN_MIB + " " + sha256Hex(data) + "\n");
    }

    @Test
    void chunkedBodyOnARawConnection() throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            send(socket, "POST /sink HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nTrailer: t\r\n\r\n");
            RawHttp response = RawHttp.read(new BufferedInputStream(socket.getInputStream()), false);
            assertThat(response.text()).isEqualTo("5 " + sha256Hex("abcde".getBytes(StandardCharsets.US_ASCII)) + "\n");
        }
    }

    @Test
    void sinkAnswers100ContinueWhenAsked() throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "POST /sink HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
            assertThat(RawHttp.read(in, false).status()).isEqualTo(100); // sent before the body is
            send(socket, "xyz");
            assertThat(RawHttp.read(in, false).text()).startsWith("3 ");
        }
    }

    @Test
    void keepAliveServesTwoRequestsOnOneConnection() throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET /bytes/5 HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp first = RawHttp.read(in, false);
            assertThat(first.body()).containsExactly(0, 1, 2, 3, 4);
            assertThat(first.header("connection")).isNull();
            send(socket, "POST /sink HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
            assertThat(RawHttp.read(in, false).text()).startsWith("2 ");
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawHttp response = RawHttp.read(in, false);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void http10ClosesByDefaultAndPersistsWhenAsked() throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET /bytes/1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertThat(RawHttp.read(in, false).header("connection")).isEqualToIgnoringCase("keep-alive");
            send(socket, "GET /bytes/1 HTTP/1.0\r\n\r\n");
            assertThat(RawHttp.read(in, false).body()).containsExactly(0);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "GET /nothing, 404",
            "GET /connections, 404",
            "GET /bytes/, 400",
            "GET /bytes/12x, 400",
            "GET /bytes/-1, 400",
            "GET /bytes/1099511627777, 413",
            "GET /bytes/99999999999999999999999, 413",
            "GET /bytes/00001, 200",
            "POST /, 405",
            "DELETE /bytes/5, 405",
            "GET /sink, 405",
    })
    void statusCodes(String requestLine, int status) throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, requestLine + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            RawHttp response = RawHttp.read(in, false);
            assertThat(response.status()).isEqualTo(status);
            if (status == 405) {
                assertThat(response.header("allow")).isNotBlank();
            }
            send(socket, "GET /bytes/2 HTTP/1.1\r\nHost: x\r\n\r\n"); // errors keep the connection
            assertThat(RawHttp.read(in, false).body()).containsExactly(0, 1);
        }
    }

    @Test
    void malformedRequestGets400AndTheConnectionCloses() throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            send(socket, "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
            assertThat(RawHttp.read(in, false).status()).isEqualTo(400);
            assertThat(in.read()).isEqualTo(-1);
        }
        HttpResponse<String> after = client.send(HttpRequest.newBuilder(uri("/bytes/1")).build(), BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(200);
    }

    @Test
    void aClientLeavingMidResponseDoesNotHurtTheService() throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            send(socket, "GET /bytes/1073741824 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(socket.getInputStream().readNBytes(100_000)).hasSize(100_000);
            JdkStreamNetwork.abort(socket);
        }
        HttpResponse<String> after = client.send(HttpRequest.newBuilder(uri("/bytes/1")).build(), BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(200);
    }

    @Test
    void aClientClosingBetweenRequestsEndsTheConnectionCleanly() throws Exception {
        try (Socket socket = Clients.connect(service.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /bytes/4 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            assertThat(RawHttp.read(in, false).body()).containsExactly(0, 1, 2, 3);
            assertThat(in.read()).isEqualTo(-1);
        }
    }
}

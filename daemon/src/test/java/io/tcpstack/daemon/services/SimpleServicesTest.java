package io.tcpstack.daemon.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimpleServicesTest {
    private final JdkStreamNetwork network = new JdkStreamNetwork();
    private final List<RunningService> started = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RunningService service : started) {
            service.close();
        }
    }

    private int start(ConnectionHandler handler) throws IOException {
        RunningService service = RunningService.start("test", network, 0, handler, ServiceLimits.NONE);
        started.add(service);
        return service.port();
    }

    /** Writes {@code data} on another thread (so both directions can be full at once), then half-closes. */
    private static CompletableFuture<Void> writeThenShutdown(Socket socket, byte[] data) {
        return Clients.inBackground(() -> {
            socket.getOutputStream().write(data);
            socket.shutdownOutput();
        });
    }

    @Test
    void echoReturnsEverythingAndPassesTheHalfCloseThrough() throws Exception {
        int port = start(new EchoHandler());
        byte[] data = Clients.randomBytes(4 << 20, 1);
        try (Socket client = Clients.connect(port)) {
            CompletableFuture<Void> writer = writeThenShutdown(client, data);
            byte[] echoed = Clients.readAll(client.getInputStream()); // ends with the service's FIN
            writer.join();
            assertThat(echoed).isEqualTo(data);
        }
    }

    @Test
    void discardReadsEverythingAndAnswersNothing() throws Exception {
        int port = start(new DiscardHandler());
        try (Socket client = Clients.connect(port)) {
            writeThenShutdown(client, Clients.randomBytes(4 << 20, 2)).join();
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
    }

    /** RFC 864's pattern, written from its description: 72 characters from ' ' + k mod 95, rotating. */
    private static String expectedChargenLine(int k) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 72; i++) {
            line.append((char) (' ' + (k + i) % 95));
        }
        return line.toString();
    }

    @Test
    void chargenStreamsTheRotatingPatternUntilThePeerCloses() throws Exception {
        int port = start(new ChargenHandler());
        for (int connection = 0; connection < 2; connection++) {
            try (Socket client = Clients.connect(port)) {
                InputStream in = client.getInputStream();
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                for (int k = 0; k < 300; k++) {
                    assertThat(lines.readLine()).as("line %d", k).isEqualTo(expectedChargenLine(k));
                }
                client.getOutputStream().write("ignored\r\n".getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();
                lines.transferTo(java.io.Writer.nullWriter()); // ends: the FIN made the service close
            }
        }
        assertThat(expectedChargenLine(1)).startsWith("!\"#$%&'()*+,-./0123456789");
    }

    @Test
    void daytimeWritesOneLineAndClosesFirst() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2008-06-03T11:05:30Z"), ZoneOffset.UTC);
        int port = start(new DaytimeHandler(clock));
        try (Socket client = Clients.connect(port)) {
            byte[] all = Clients.readAll(client.getInputStream()); // the service closes without being asked
            assertThat(new String(all, StandardCharsets.US_ASCII)).isEqualTo("Tue, 3 Jun 2008 11:05:30 GMT\r\n");
        }
    }

    @Test
    void aClientResetDoesNotHurtTheService() throws Exception {
        int port = start(new EchoHandler());
        try (Socket rude = Clients.connect(port)) {
            rude.getOutputStream().write(new byte[100_000]);
            JdkStreamNetwork.abort(rude);
        }
        try (Socket client = Clients.connect(port)) {
            client.getOutputStream().write("still here".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            assertThat(new String(Clients.readAll(client.getInputStream()), StandardCharsets.US_ASCII))
                    .isEqualTo("still here");
        }
    }

    @Test
    void aFailingHandlerAbortsItsConnectionOnly() throws Exception {
        int port = start(socket -> {
            if (socket.inputStream().read() == 'x') {
                throw new IllegalStateException("handler bug");
            }
            socket.outputStream().write('y');
        });
        try (Socket failing = Clients.connect(port)) {
            failing.getOutputStream().write('x');
            assertThatThrownBy(() -> failing.getInputStream().read()).hasMessageContaining("reset");
        }
        try (Socket fine = Clients.connect(port)) {
            fine.getOutputStream().write('a');
            assertThat(Clients.readAll(fine.getInputStream())).containsExactly('y');
        }
    }

    @Test
    void closeStopsListeningAndClosesOpenConnections() throws Exception {
        RunningService service = RunningService.start("echo", network, 0, new EchoHandler(), ServiceLimits.NONE);
        int port = service.port();
        try (Socket client = Clients.connect(port)) {
            OutputStream out = client.getOutputStream();
            out.write('a');
            assertThat(client.getInputStream().read()).isEqualTo('a'); // being served
            assertThat(service.connections()).isEqualTo(1);
            service.close();
            assertThat(client.getInputStream().read()).isEqualTo(-1);
            assertThat(service.connections()).isZero();
        }
        assertThatThrownBy(() -> Clients.connect(port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void aConnectionOverTheServicesCapIsResetAndCountedAndAFreedSlotServesAgain() throws Exception {
        RunningService service = RunningService.start("echo", network, 0, new EchoHandler(), new ServiceLimits(1, null));
        started.add(service);
        try (Socket first = Clients.connect(service.port())) {
            first.getOutputStream().write('a');
            assertThat(first.getInputStream().read()).isEqualTo('a'); // being served: the one slot is taken
            try (Socket second = Clients.connect(service.port())) {
                assertThatThrownBy(() -> second.getInputStream().read())
                        .isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
            }
            assertThat(service.counters().refused()).isEqualTo(1);
            assertThat(service).hasToString("echo on port " + service.port() + " (refused at the cap: 1, closed idle: 0)");
            first.shutdownOutput();
            assertThat(first.getInputStream().read()).as("the echo's FIN: its slot is free").isEqualTo(-1);
        }
        try (Socket third = Clients.connect(service.port())) {
            third.getOutputStream().write('b');
            assertThat(third.getInputStream().read()).isEqualTo('b');
        }
        assertThat(service.counters().refused()).isEqualTo(1);
    }
}

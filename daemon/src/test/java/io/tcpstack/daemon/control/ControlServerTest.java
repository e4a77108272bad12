package io.tcpstack.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The control socket and its protocol, with a fixed stack snapshot in place of a running stack. */
class ControlServerTest {
    private static final StackSnapshot SNAPSHOT = TestSnapshots.SNAPSHOT;

    @TempDir
    Path dir;
    private ControlServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private Path start(StackInspector inspector) {
        Path socket = dir.resolve("run").resolve("tcps0.sock");
        server = ControlServer.start(socket, new ControlProtocol(inspector));
        assertThat(server).isNotNull();
        return socket;
    }

    @Test
    void ssAnswersWithListenersThenConnections() throws IOException {
        Path socket = start(() -> List.of(SNAPSHOT));

        JsonNode reply = new ControlClient(socket).request("ss");

        assertThat(reply.get("v").asInt()).isEqualTo(1);
        JsonNode sockets = reply.get("sockets");
        assertThat(sockets).hasSize(2);
        assertThat(sockets.get(0).get("state").asText()).isEqualTo("LISTEN");
        assertThat(sockets.get(0).get("synQueue").asInt()).isEqualTo(1);
        assertThat(sockets.get(1).get("peerAddress").asText()).isEqualTo("10.0.0.1");
        assertThat(sockets.get(1).get("info").get("bytesAcked").asLong()).isEqualTo(6);
    }

    @Test
    void statsCountsConnectionsByStateAndBufferBytes() throws IOException {
        Path socket = start(() -> List.of(SNAPSHOT));

        JsonNode stats = new ControlClient(socket).request("stats").get("stats").get(0);

        assertThat(stats.get("counters").get("tcp").get("InSegs").asLong()).isEqualTo(12);
        assertThat(stats.get("connections").get("ESTABLISHED").asInt()).isEqualTo(1);
        assertThat(stats.get("connections").get("TIME_WAIT").asInt()).isZero();
        assertThat(stats.get("sendBufferBytes").asLong()).isEqualTo(3);
        assertThat(stats.get("receiveBufferBytes").asLong()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"v\":2,\"cmd\":\"ss\"}|unsupported protocol version 2 (this daemon speaks 1)",
        "{\"cmd\":\"ss\"}|unsupported protocol version null (this daemon speaks 1)",
        "{\"v\":1,\"cmd\":\"reboot\"}|unknown command \"reboot\" (known: ss, stats, trace)",
        "[1]|request is not a JSON object",
        "{not json|request is not JSON",
    })
    void aBadRequestGetsAnErrorReplyAndTheConnectionStaysUsable(String request, String error) throws IOException {
        Path socket = start(() -> List.of(SNAPSHOT));
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            channel.write(ByteBuffer.wrap((request + "\n{\"v\":1,\"cmd\":\"stats\"}\n").getBytes(StandardCharsets.UTF_8)));

            JsonNode reply = ControlProtocol.JSON.readTree(in.readLine());
            assertThat(reply.get("v").asInt()).isEqualTo(1);
            assertThat(reply.get("ok").asBoolean()).isFalse();
            assertThat(reply.get("error").asText()).startsWith(error);
            assertThat(ControlProtocol.JSON.readTree(in.readLine()).get("ok").asBoolean()).isTrue();
        }
    }

    @Test
    void aStackThatDoesNotAnswerIsAnErrorReply() throws IOException {
        Path socket = start(() -> {
            throw new SocketTimeoutException("the stack's event loop did not answer within 2000 ms");
        });

        assertThatThrownBy(() -> new ControlClient(socket).request("ss")).isInstanceOf(IOException.class)
                .hasMessage("the daemon on " + socket + " answered: the stack's event loop did not answer within 2000 ms");
    }

    @Test
    void theSocketIsTheOwnersOnlyInAnOwnerOnlyDirectoryAndGoesAtClose() throws IOException {
        Path socket = start(() -> List.of(SNAPSHOT));

        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(socket.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        server.close();
        server = null;
        assertThat(socket).doesNotExist();
    }

    @Test
    void aStaleSocketFileIsReplaced() throws IOException {
        Path socket = dir.resolve("tcps0.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket)); // closed without removing its file, as a killed daemon
        }
        assertThat(socket).exists();

        server = TestSnapshots.serve(socket);

        assertThat(server).isNotNull();
        assertThat(new ControlClient(socket).request("ss").get("ok").asBoolean()).isTrue();
    }

    @Test
    void aSocketALiveDaemonAnswersOnIsLeftAloneAndTheDaemonRunsWithout() {
        Path socket = start(() -> List.of(SNAPSHOT));

        assertThat(TestSnapshots.serve(socket)).isNull();
        assertThat(socket).exists();
    }
}

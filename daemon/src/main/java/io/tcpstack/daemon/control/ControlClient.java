package io.tcpstack.daemon.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Sends one request over a daemon's control socket and reads its one-line reply. */
public final class ControlClient {
    private final Path path;

    public ControlClient(Path path) {
        this.path = path;
    }

    /**
     * The reply to {@code {"v":1,"cmd":command}}.
     *
     * @throws IOException with a one-line message when no daemon answers or the daemon replies with an error
     */
    public JsonNode request(String command) throws IOException {
        String line;
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            byte[] request = (ControlProtocol.request(command) + "\n").getBytes(StandardCharsets.UTF_8);
            channel.write(ByteBuffer.wrap(request));
            line = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))
                    .readLine();
        } catch (IOException e) {
            throw new IOException("no daemon answers on " + path + " (" + reason(e) + ")", e);
        }
        if (line == null) {
            throw new IOException("the daemon on " + path + " hung up without a reply");
        }
        JsonNode reply;
        try {
            reply = ControlProtocol.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IOException("the daemon on " + path + " sent no JSON: " + e.getOriginalMessage(), e);
        }
        if (reply.path("v").asInt() != ControlProtocol.VERSION) {
            throw new IOException("the daemon on " + path + " speaks protocol version " + reply.get("v")
                    + ", this command " + ControlProtocol.VERSION);
        }
        if (!reply.path("ok").asBoolean()) {
            throw new IOException("the daemon on " + path + " answered: " + reply.path("error").asText());
        }
        return reply;
    }

    /** The reply's {@code field} as {@code type}, e.g. the {@code ss} reply's {@code sockets}. */
    public static <T> T read(JsonNode reply, String field, com.fasterxml.jackson.core.type.TypeReference<T> type)
            throws IOException {
        return ControlProtocol.JSON.readerFor(type).readValue(reply.get(field));
    }

    private static String reason(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

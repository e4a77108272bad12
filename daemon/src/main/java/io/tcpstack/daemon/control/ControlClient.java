package io.tcpstack.daemon.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Sends requests over a daemon's control socket and reads the reply: one line, or a stream of them. */
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
        try (Stream stream = open(ControlProtocol.request(command))) {
            JsonNode reply = stream.next();
            if (reply == null) {
                throw new IOException("the daemon on " + path + " hung up without a reply");
            }
            return reply;
        }
    }

    /**
     * Sends {@code request} and returns its reply lines as they come (a streaming command, such
     * as {@code trace}).
     *
     * @throws IOException with a one-line message when no daemon answers
     */
    public Stream open(ObjectNode request) throws IOException {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            return new Stream(channel);
        } catch (IOException e) {
            if (channel != null) {
                channel.close();
            }
            throw new IOException("no daemon answers on " + path + " (" + reason(e) + ")", e);
        }
    }

    /** The reply lines of one request; {@link #close} (from any thread) hangs up. */
    public final class Stream implements AutoCloseable {
        private final SocketChannel channel;
        private final BufferedReader in;

        private Stream(SocketChannel channel) {
            this.channel = channel;
            this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        }

        /**
         * The next reply line, null when the daemon hung up (or {@link #close} was called).
         *
         * @throws IOException with a one-line message for a line that is no JSON, of another
         *                     version, or an error reply
         */
        public JsonNode next() throws IOException {
            String line;
            try {
                line = in.readLine();
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    return null;
                }
                throw new IOException("reading from the daemon on " + path + ": " + reason(e), e);
            }
            if (line == null) {
                return null;
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

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** The reply's {@code field} as {@code type}, e.g. the {@code ss} reply's {@code sockets}. */
    public static <T> T read(JsonNode reply, String field, com.fasterxml.jackson.core.type.TypeReference<T> type)
            throws IOException {
        return ControlProtocol.JSON.readerFor(type).readValue(reply.get(field));
    }

    /** A trace line as the event it carries. */
    public static TraceEvent event(JsonNode line) throws IOException {
        ObjectNode fields = ((ObjectNode) line).deepCopy();
        fields.remove("v");
        fields.remove("ok");
        return ControlProtocol.JSON.treeToValue(fields, TraceEvent.class);
    }

    private static String reason(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

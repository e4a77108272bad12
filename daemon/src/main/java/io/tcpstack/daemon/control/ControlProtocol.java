package io.tcpstack.daemon.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tcpstack.core.tcp.ListenerInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The control channel's protocol, version {@value #VERSION}: JSON lines. Each request is one
 * line {@code {"v":1,"cmd":NAME,...}}; the daemon answers with one or more lines, each carrying
 * {@code "v":1} and {@code "ok"}: {@code {"v":1,"ok":true,...}} with the command's result, or
 * {@code {"v":1,"ok":false,"error":"..."}} for a request it cannot serve (bad JSON, another
 * version, an unknown command, a stack that does not answer). Commands:
 * <ul>
 *   <li>{@code ss}: {@code "sockets":[SocketRow...]}, listeners first, then connections;</li>
 *   <li>{@code stats}: {@code "stats":[QueueStats...]}, one per TUN queue;</li>
 *   <li>{@code trace}, with an optional {@code "filter":TraceFilter}: streams until the client hangs
 *   up, one line per {@link TraceEvent} (its fields beside {@code v} and {@code ok}), first a line
 *   {@code "type":"started"}, and {@code "type":"idle"} after {@value #IDLE_MILLIS} ms without
 *   records (which is how a hung-up client is noticed).</li>
 * </ul>
 */
public final class ControlProtocol {
    /** The protocol version every request and reply carries as {@code "v"}. */
    public static final int VERSION = 1;

    /** Where a command's reply lines go. */
    @FunctionalInterface
    public interface Replies {
        /** Writes one reply line. */
        void send(ObjectNode reply) throws IOException;
    }

    /** One command: reads its request's arguments, writes its reply lines. */
    @FunctionalInterface
    interface Command {
        void run(JsonNode request, Replies replies) throws IOException;
    }

    static final ObjectMapper JSON = new ObjectMapper();
    /** A trace writes an idle line after this long without records. */
    static final long IDLE_MILLIS = 250;

    private final Map<String, Command> commands;
    private final StackInspector inspector;
    /** Null for a daemon that cannot trace. */
    private final TraceSource traces;

    public ControlProtocol(StackInspector inspector) {
        this(inspector, null);
    }

    public ControlProtocol(StackInspector inspector, TraceSource traces) {
        this.inspector = inspector;
        this.traces = traces;
        this.commands = Map.of("ss", this::sockets, "stats", this::stats, "trace", this::trace);
    }

    /** Serves one request line; every failure becomes an error reply. */
    public void handle(String line, Replies replies) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            replies.send(error("request is not JSON: " + e.getOriginalMessage()));
            return;
        }
        if (request == null || !request.isObject()) {
            replies.send(error("request is not a JSON object"));
            return;
        }
        if (!request.path("v").isInt() || request.get("v").asInt() != VERSION) {
            replies.send(error("unsupported protocol version " + request.get("v") + " (this daemon speaks " + VERSION + ")"));
            return;
        }
        Command command = commands.get(request.path("cmd").asText());
        if (command == null) {
            replies.send(error("unknown command " + request.get("cmd") + " (known: " + String.join(", ",
                    commands.keySet().stream().sorted().toList()) + ")"));
            return;
        }
        try {
            command.run(request, replies);
        } catch (IOException e) {
            replies.send(error(e.getMessage()));
        }
    }

    private void sockets(JsonNode request, Replies replies) throws IOException {
        List<StackSnapshot> snapshots = inspector.snapshots();
        List<SocketRow> rows = new ArrayList<>();
        Map<Integer, ListenerInfo> listeners = new LinkedHashMap<>(); // one row per port, whatever the queues
        snapshots.forEach(s -> s.listeners().forEach(l -> listeners.merge(l.port(), l, ListenerInfo::plus)));
        listeners.values().forEach(l -> rows.add(SocketRow.of(l)));
        snapshots.forEach(s -> s.connections().forEach(c -> rows.add(SocketRow.of(c))));
        ObjectNode reply = ok();
        reply.set("sockets", JSON.valueToTree(rows));
        replies.send(reply);
    }

    private void stats(JsonNode request, Replies replies) throws IOException {
        ObjectNode reply = ok();
        reply.set("stats", JSON.valueToTree(inspector.snapshots().stream().map(StackSnapshot::stats).toList()));
        replies.send(reply);
    }

    /** Streams trace records until writing a line fails (the client hung up, or the server closed). */
    private void trace(JsonNode request, Replies replies) throws IOException {
        if (traces == null) {
            throw new IOException("this daemon cannot trace");
        }
        TraceFilter filter = request.hasNonNull("filter")
                ? JSON.treeToValue(request.get("filter"), TraceFilter.class) : TraceFilter.ALL;
        TraceSubscription subscription = new TraceSubscription(filter);
        traces.subscribe(subscription);
        try {
            replies.send(ok().put("type", "started"));
            long reported = 0;
            long idle = TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
            while (true) {
                TraceRecord record = subscription.poll(idle);
                long dropped = subscription.dropped();
                if (dropped != reported) {
                    reported = dropped;
                    replies.send(line(TraceEvent.dropped(dropped)));
                }
                replies.send(record != null ? line(record.event()) : ok().put("type", "idle"));
            }
        } finally {
            traces.unsubscribe(subscription);
        }
    }

    private static ObjectNode line(TraceEvent event) {
        ObjectNode line = ok();
        line.setAll((ObjectNode) JSON.valueToTree(event));
        return line;
    }

    /** A request for {@code command}, e.g. {@code {"v":1,"cmd":"ss"}}. */
    public static ObjectNode request(String command) {
        ObjectNode request = JSON.createObjectNode().put("v", VERSION);
        return request.put("cmd", command);
    }

    private static ObjectNode ok() {
        return JSON.createObjectNode().put("v", VERSION).put("ok", true);
    }

    static ObjectNode error(String message) {
        return JSON.createObjectNode().put("v", VERSION).put("ok", false).put("error", message);
    }
}

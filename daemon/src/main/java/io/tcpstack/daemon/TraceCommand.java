package io.tcpstack.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcpstack.daemon.control.ControlClient;
import io.tcpstack.daemon.control.ControlProtocol;
import io.tcpstack.daemon.control.TraceEvent;
import io.tcpstack.daemon.control.TraceFilter;
import io.tcpstack.daemon.pcap.PcapException;
import io.tcpstack.daemon.services.PortConverter;
import io.tcpstack.daemon.trace.Ladder;
import io.tcpstack.daemon.trace.SequenceNumbers;
import io.tcpstack.daemon.trace.TracePcap;
import io.tcpstack.daemon.trace.TraceText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * {@code tcpstack trace}: the running daemon's segments and state changes as they happen. Exit
 * codes: 0 when the trace ends (Ctrl-C or SIGTERM, {@code --count} connections closed, or the
 * daemon stopped: one line on stderr says which), 1 when no daemon answers, 2 for bad arguments.
 */
@Command(name = "trace", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Streams the running daemon's segments and state changes as they happen; --ladder draws"
                + " them as sequence diagrams.",
            "Each segment's direction, flags, seq, ack, window, length and options, with sequence numbers relative to"
                + " each direction's ISN as Wireshark shows them; each state change of the stack's end.",
            "Filters: --port N (local or peer), or ss's own: '( sport = :7 )' '( dport = :41522 )' dst 10.0.0.1[:PORT]"
                + " (the 4-tuple).",
            "Exit status: 0 when the trace ends (Ctrl-C, --count, the daemon stopped; one line on stderr says"
                + " which), 1 when no daemon answers, 2 for bad arguments."})
final class TraceCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ControlOptions control;

    @Option(names = "--port", paramLabel = "N", converter = PortConverter.class,
            description = "Only connections whose local or peer port is N.")
    Integer port;

    @Option(names = "--ladder", description = "Draw each connection as a sequence diagram: the peer on the left,"
            + " the stack on the right, an arrow per segment, each side's state where it changes (the peer's"
            + " inferred from the segments).")
    boolean ladder;

    @Option(names = "--json", description = "One JSON object per event, for tools.")
    boolean json;

    @Option(names = "--absolute", description = "Absolute sequence and acknowledgment numbers.")
    boolean absolute;

    @Option(names = "--pcap", paramLabel = "FILE", description = "Also write the traced segments to FILE as a pcap"
            + " capture (link type RAW) for Wireshark or tshark: each packet rebuilt from the trace's fields"
            + " (addresses, ports, seq, ack, flags, window, options, valid checksums) with its payload's length"
            + " filled with zero bytes: a trace carries headers, not data.")
    Path pcap;

    @Option(names = "--count", paramLabel = "N", description = "Stop once N traced connections have closed.")
    Integer count;

    @Parameters(paramLabel = "FILTER", arity = "0..*", description = "An ss-style filter expression.")
    List<String> expression = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (ladder && json) {
            throw new ParameterException(spec.commandLine(), "--ladder and --json are two outputs: give one");
        }
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        TraceFilter filter;
        try {
            SocketFilter words = SocketFilter.of(null, port, expression);
            if (words.hasStates()) {
                throw new IllegalArgumentException("a trace follows connections through every state: no 'state' filter");
            }
            filter = words.ends();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ObjectNode request = ControlProtocol.request("trace");
        request.set("filter", JSON.valueToTree(filter));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AtomicReference<String> signal = new AtomicReference<>();
        try (TracePcap capture = openCapture(); ControlClient.Stream stream = control.open(spec.commandLine(), request)) {
            Signals.onTermination(name -> {
                signal.set(name);
                try {
                    stream.close();
                } catch (IOException e) {
                    // closing is all we wanted
                }
            });
            String end = follow(stream, filter, capture, out, err);
            err.println("tcpstack trace: " + (signal.get() != null ? "stopped by " + signal.get() : end));
        }
        out.flush();
        err.flush();
        return 0;
    }

    /** Prints the stream's events until it ends; why it ended. */
    private String follow(ControlClient.Stream stream, TraceFilter filter, TracePcap capture, PrintWriter out,
                          PrintWriter err) throws IOException {
        SequenceNumbers numbers = new SequenceNumbers(absolute);
        TraceText text = new TraceText(ZoneId.systemDefault());
        Ladder diagram = new Ladder(out::println);
        Consumer<TraceEvent> sink = json ? e -> out.println(write(e)) : ladder ? diagram : e -> out.println(text.line(e));
        int closed = 0;
        try {
            for (JsonNode line = stream.next(); line != null; line = stream.next()) {
                switch (line.path("type").asText()) {
                    case "started" -> {
                        err.println("tcpstack trace: tracing " + describe(filter) + "; Ctrl-C stops");
                        err.flush();
                    }
                    case "idle" -> {
                        diagram.flush();
                        if (capture != null) {
                            capture.flush();
                        }
                    }
                    default -> {
                        TraceEvent raw = ControlClient.event(line);
                        if (capture != null) {
                            capture.accept(raw);
                        }
                        TraceEvent e = numbers.apply(raw);
                        sink.accept(e);
                        if (count != null && TraceEvent.STATE.equals(e.type()) && "CLOSED".equals(e.to())
                                && ++closed >= count) {
                            return closed + " traced connection" + (closed == 1 ? "" : "s") + " closed";
                        }
                    }
                }
                out.flush();
            }
            return "the daemon stopped";
        } finally {
            diagram.flush();
        }
    }

    /** The --pcap file, or null without one; a file that cannot be written is a bad argument. */
    private TracePcap openCapture() {
        if (pcap == null) {
            return null;
        }
        try {
            return TracePcap.open(pcap);
        } catch (PcapException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String write(TraceEvent e) {
        try {
            return JSON.writeValueAsString(e);
        } catch (IOException x) {
            throw new IllegalStateException(x);
        }
    }

    private static String describe(TraceFilter f) {
        List<String> parts = new ArrayList<>();
        if (f.anyPort() != null) {
            parts.add("port " + f.anyPort());
        }
        if (f.localPort() != null) {
            parts.add("local port " + f.localPort());
        }
        if (f.peerAddress() != null) {
            parts.add("peer " + f.peerAddress());
        }
        if (f.peerPort() != null) {
            parts.add("peer port " + f.peerPort());
        }
        return parts.isEmpty() ? "every connection" : String.join(", ", parts);
    }
}

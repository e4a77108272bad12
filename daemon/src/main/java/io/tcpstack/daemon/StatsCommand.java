package io.tcpstack.daemon;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.tcpstack.daemon.control.ControlClient;
import io.tcpstack.daemon.control.QueueStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code tcpstack stats}: the running daemon's counters, one per line as {@code LAYER NAME VALUE}
 * (the names of the kernel's SNMP MIB where one exists, e.g. {@code tcp InSegs 12}), then the
 * connections by state and the buffer memory.
 */
@Command(name = "stats", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Shows the running daemon's counters (ipv4, icmp, tcp, tun), connections by state and"
                + " buffer memory.")
final class StatsCommand implements Callable<Integer> {
    private static final String LINE = "%-6s %-28s %d%n";

    @Spec
    CommandSpec spec;

    @Mixin
    ControlOptions control;

    @Option(names = "--json", description = "The reply's stats as JSON: one object per TUN queue.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonNode reply = control.request(spec.commandLine(), "stats");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(reply.get("stats"));
        } else {
            List<QueueStats> queues = ControlClient.read(reply, "stats", new TypeReference<List<QueueStats>>() { });
            if (queues.size() > 1) {
                out.println("all queues");
                print(out, QueueStats.total(queues));
            }
            for (QueueStats stats : queues) {
                if (queues.size() > 1) {
                    out.println("queue " + stats.queue());
                }
                print(out, stats);
            }
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, QueueStats stats) {
        stats.counters().forEach((layer, counters) -> counters.forEach((name, value) ->
                out.printf(Locale.ROOT, LINE, layer, name, value)));
        stats.connections().forEach((state, count) -> out.printf(Locale.ROOT, LINE, "state", state, count));
        out.printf(Locale.ROOT, LINE, "tcp", "Listeners", stats.listeners());
        out.printf(Locale.ROOT, LINE, "tcp", "SendBufferBytes", stats.sendBufferBytes());
        out.printf(Locale.ROOT, LINE, "tcp", "ReceiveBufferBytes", stats.receiveBufferBytes());
        out.printf(Locale.ROOT, LINE, "tcp", "MemoryBytes", stats.memoryBytes());
        out.printf(Locale.ROOT, LINE, "tcp", "MemoryLimitBytes", stats.memoryLimitBytes());
        out.printf(Locale.ROOT, LINE, "loop", "BusyNanos", stats.loopBusyNanos());
    }
}

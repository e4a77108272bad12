package io.tcpstack.daemon;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpstack.daemon.control.ControlClient;
import io.tcpstack.daemon.control.SocketRow;
import io.tcpstack.daemon.services.PortConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tcpstack ss}: the running daemon's connections and listeners, like {@code ss -tanoi}. */
@Command(name = "ss", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Shows the running daemon's connection table, as 'ss -tan' (with -i as 'ss -tanoi').",
            "Filters: --state STATE, --port N (local or peer), or ss's own: state STATE '( dport = :80 )'"
                + " dst 10.0.0.1[:PORT]."})
final class SsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ControlOptions control;

    @Option(names = {"-i", "--info"}, description = "Per connection: congestion control, window scales, RTO, RTT,"
            + " MSS, cwnd, ssthresh, bytes acked and received, retransmissions, SACK/TS, the running timer;"
            + " per listener: the SYN and accept queues.")
    boolean info;

    @Option(names = {"-l", "--listening"}, description = "Only the listeners.")
    boolean listening;

    @Option(names = {"-t", "-a", "-n", "-o"}, hidden = true, description = "Accepted as ss takes them (always so).")
    boolean[] ssFlags;

    @Option(names = "--state", paramLabel = "STATE", description = "Only rows in this state (established, listen,"
            + " time-wait, ...).")
    String state;

    @Option(names = "--port", paramLabel = "N", converter = PortConverter.class,
            description = "Only rows whose local or peer port is N.")
    Integer port;

    @Option(names = "--json", description = "The rows as a JSON array.")
    boolean json;

    @Parameters(paramLabel = "FILTER", arity = "0..*", description = "An ss-style filter expression.")
    List<String> expression = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (listening && state != null) {
            throw new ParameterException(spec.commandLine(), "-l is --state listen: give one of them");
        }
        SocketFilter filter;
        try {
            filter = SocketFilter.of(listening ? "listen" : state, port, expression);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        JsonNode reply = control.request(spec.commandLine(), "ss");
        List<SocketRow> rows = ControlClient.read(reply, "sockets", new TypeReference<List<SocketRow>>() { })
                .stream().filter(filter).toList();
        spec.commandLine().getOut().print(json ? new ObjectMapper().writeValueAsString(rows) + "\n"
                : SocketTable.render(rows, info));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

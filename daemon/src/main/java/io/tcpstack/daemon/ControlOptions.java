package io.tcpstack.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tcpstack.daemon.control.ControlClient;
import io.tcpstack.daemon.control.ControlPaths;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** How a client subcommand ({@code ss}, {@code stats}, {@code trace}) finds the daemon's control socket. */
final class ControlOptions {
    @Option(names = "--control", paramLabel = "PATH",
            description = "The daemon's control socket (default: /run/tcpstack/NAME.sock for --tun NAME,"
                    + " or the only socket in /run/tcpstack).")
    Path control;

    @Option(names = "--tun", paramLabel = "NAME", converter = Converters.InterfaceNameConverter.class,
            description = "Ask the daemon running on this TUN interface.")
    String tun;

    /** The reply of the daemon to {@code command}; one-line failures (exit 1) when it does not answer. */
    JsonNode request(CommandLine cmd, String command) throws IOException {
        return new ControlClient(path(cmd)).request(command);
    }

    /** The reply lines of the daemon to a streaming request; one-line failures (exit 1) when it does not answer. */
    ControlClient.Stream open(CommandLine cmd, ObjectNode request) throws IOException {
        return new ControlClient(path(cmd)).open(request);
    }

    private Path path(CommandLine cmd) throws IOException {
        if (control != null && tun != null) {
            throw new ParameterException(cmd, "--control and --tun both name a daemon: give one");
        }
        if (control != null) {
            return control;
        }
        if (tun != null) {
            return ControlPaths.forInterface(tun);
        }
        List<Path> sockets;
        try (Stream<Path> files = Files.list(ControlPaths.DIRECTORY)) {
            sockets = files.filter(p -> p.getFileName().toString().endsWith(".sock")).sorted().toList();
        } catch (NoSuchFileException e) {
            sockets = List.of();
        }
        if (sockets.isEmpty()) {
            throw new IOException("no daemon answers: no control socket in " + ControlPaths.DIRECTORY
                    + " (is 'tcpstack run' running? else give --tun NAME or --control PATH)");
        }
        if (sockets.size() > 1) {
            throw new ParameterException(cmd, "several daemons run (" + sockets.stream().map(p -> p.getFileName()
                    .toString()).collect(Collectors.joining(", ")) + "): choose one with --tun NAME or --control PATH");
        }
        return sockets.get(0);
    }
}

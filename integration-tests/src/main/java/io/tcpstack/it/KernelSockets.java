package io.tcpstack.it;

import java.util.List;
import java.util.Optional;

/**
 * The kernel's own view of its TCP sockets in a namespace: {@code ss -tanH}, one row per socket.
 *
 * @param rows   every socket, in {@code ss} order
 * @param result the whole command result, for failure messages
 */
public record KernelSockets(List<Row> rows, CommandResult result) {

    /**
     * One socket as {@code ss} prints it.
     *
     * @param state {@code ss}'s state name, e.g. {@code ESTAB}, {@code TIME-WAIT}, {@code CLOSE-WAIT}
     * @param local local {@code address:port} (IPv4 connections of dual-stack sockets as plain IPv4)
     * @param peer  peer {@code address:port}
     */
    public record Row(String state, String local, String peer) {
    }

    /** Runs {@code ss -tanH} in {@code ns}. */
    public static KernelSockets of(NetNs ns) {
        CommandResult result = ns.exec("ss", "-tanH").requireSuccess();
        List<Row> rows = result.stdout().lines().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+"))
                .map(fields -> new Row(fields[0], ipv4(fields[3]), ipv4(fields[4])))
                .toList();
        return new KernelSockets(rows, result);
    }

    /**
     * @return {@code endpoint} with an IPv4-mapped IPv6 address ({@code [::ffff:10.0.0.1]:80}, as
     *         {@code ss} prints the IPv4 connections of dual-stack sockets such as Java's) written as
     *         IPv4 ({@code 10.0.0.1:80})
     */
    private static String ipv4(String endpoint) {
        return endpoint.replaceFirst("^\\[::ffff:([0-9.]+)]", "$1");
    }

    /** @return the state of the socket {@code local} - {@code peer} (both {@code address:port}), if there is one */
    public Optional<String> state(String local, String peer) {
        return rows.stream().filter(row -> row.local().equals(local) && row.peer().equals(peer))
                .map(Row::state).findFirst();
    }

    /** @return a description for assertion messages */
    public String describe() {
        return result.describe();
    }
}

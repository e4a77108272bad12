package io.tcpstack.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's {@code ping} run inside a namespace, bounded by its own options: 0.2 s between
 * requests and at most 5 s waiting for each reply.
 *
 * @param transmitted echo requests sent, from ping's summary line
 * @param received    echo replies received
 * @param result      the whole command result, for failure messages
 */
public record Ping(int transmitted, int received, CommandResult result) {

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    /** Runs {@code ping -c COUNT -i 0.2 -W 5 [OPTIONS...] ADDRESS} in {@code ns}. */
    public static Ping run(NetNs ns, String address, int count, String... options) {
        List<String> command = new ArrayList<>(List.of("ping", "-n", "-c", Integer.toString(count), "-i", "0.2", "-W", "5"));
        command.addAll(List.of(options));
        command.add(address);
        CommandResult result = ns.exec(command.toArray(String[]::new));
        Matcher summary = SUMMARY.matcher(result.stdout());
        if (!summary.find()) {
            throw new AssertionError("ping printed no summary: " + result.describe());
        }
        return new Ping(Integer.parseInt(summary.group(1)), Integer.parseInt(summary.group(2)), result);
    }

    /** @return a description for assertion messages */
    public String describe() {
        return result.describe();
    }
}

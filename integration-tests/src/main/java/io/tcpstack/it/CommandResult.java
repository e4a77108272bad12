package io.tcpstack.it;

import java.util.List;

/**
 * The outcome of one finished command.
 *
 * @param command  the command line as it was executed (including any {@code ip netns exec} prefix)
 * @param exitCode the process exit status
 * @param stdout   everything the command wrote to standard output
 * @param stderr   everything the command wrote to standard error
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
    }

    /** @return whether the command exited with status 0 */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * @return this result
     * @throws AssertionError carrying the command, status and both outputs when the status is not 0
     */
    public CommandResult requireSuccess() {
        if (!succeeded()) {
            throw new AssertionError("command failed: " + describe());
        }
        return this;
    }

    /** @return a multi-line description with the command, status and both outputs, for failure messages */
    public String describe() {
        return String.join(" ", command) + "\n  exit code: " + exitCode
                + "\n  stdout: " + stdout.strip() + "\n  stderr: " + stderr.strip();
    }
}

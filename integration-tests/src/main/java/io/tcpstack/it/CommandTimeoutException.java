package io.tcpstack.it;

import java.time.Duration;
import java.util.List;

/** A command outlived its time bound and was killed; carries what it printed until then. */
public final class CommandTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandTimeoutException(List<String> command, Duration timeout, String stdout, String stderr) {
        super(String.join(" ", command) + " did not finish within " + timeout
                + "\n  stdout: " + stdout.strip() + "\n  stderr: " + stderr.strip());
    }
}

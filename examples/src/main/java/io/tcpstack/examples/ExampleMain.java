package io.tcpstack.examples;

import io.tcpstack.tun.TunException;

/**
 * Runs an example's body and turns a user's mistake (no root, a bad interface name, a bad
 * argument) into one line on standard error and exit status 2, instead of a stack trace.
 */
final class ExampleMain {
    /** An example's {@code main} body. */
    interface Body {
        void run(TunOptions options) throws Exception;
    }

    private ExampleMain() {
    }

    static void run(String[] args, Body body) throws Exception {
        try {
            body.run(TunOptions.parse(args));
        } catch (TunException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}

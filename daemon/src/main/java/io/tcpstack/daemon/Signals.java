package io.tcpstack.daemon;

import sun.misc.Signal;

import java.util.function.Consumer;

/**
 * SIGINT and SIGTERM as a request for an orderly stop. Handling them (instead of letting the JVM
 * run its shutdown hooks) lets the command finish normally and exit 0.
 */
final class Signals {
    private Signals() {
    }

    /** Calls {@code stop} with the signal's name ({@code SIGINT}, {@code SIGTERM}) on a signal thread. */
    static void onTermination(Consumer<String> stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> stop.accept("SIG" + signal.getName()));
        }
    }
}

package io.tcpstack.daemon.services;

import java.io.Closeable;

/**
 * One listening service, served either by threads ({@link RunningService}), on the stack's event
 * loop ({@link LoopService}), or by a Netty pipeline ({@link HttpService}). {@link #close()} stops accepting and closes every open connection.
 */
public sealed interface Service extends Closeable permits RunningService, LoopService, HttpService {
    /** Human-readable name, e.g. "echo" or "forward to 10.0.0.1:80". */
    String name();

    /** The port actually listened on. */
    int port();

    /** Number of connections being served. */
    int connections();

    /** What the service's limits refused and closed. */
    ServiceCounters counters();
}

package io.tcpstack.daemon.services;

import java.util.List;

/** The stack's live connection table, one line per connection, for the status page. */
@FunctionalInterface
public interface ConnectionTable {
    /** A table that is always empty. */
    ConnectionTable NONE = List::of;

    List<String> rows();
}

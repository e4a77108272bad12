package io.tcpstack.daemon.services;

import java.util.List;
import java.util.function.Supplier;

/** The text of {@code GET /}: the running services and the connection table. */
final class StatusPage {
    /** One line per running service. */
    private final Supplier<List<String>> services;
    private final ConnectionTable connections;

    StatusPage(Supplier<List<String>> services, ConnectionTable connections) {
        this.services = services;
        this.connections = connections;
    }

    String render() {
        StringBuilder page = new StringBuilder("tcpstack\n\nservices:\n");
        services.get().forEach(line -> page.append("  ").append(line).append('\n'));
        page.append("\nconnections:\n");
        connections.rows().forEach(line -> page.append("  ").append(line).append('\n'));
        return page.toString();
    }
}

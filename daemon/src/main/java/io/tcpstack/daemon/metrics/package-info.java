/**
 * Prometheus metrics on {@code --metrics HOST:PORT} ({@link io.tcpstack.daemon.metrics.MetricsEndpoint}),
 * collected from stack snapshots when scraped, so the packet path pays nothing for them.
 */
package io.tcpstack.daemon.metrics;

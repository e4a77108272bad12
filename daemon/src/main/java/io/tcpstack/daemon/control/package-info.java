/**
 * The daemon's control channel: a Unix domain socket ({@link io.tcpstack.daemon.control.ControlServer},
 * default {@code /run/tcpstack/NAME.sock}) speaking versioned JSON lines
 * ({@link io.tcpstack.daemon.control.ControlProtocol}), and the client the {@code ss} and
 * {@code stats} subcommands use ({@link io.tcpstack.daemon.control.ControlClient}), and the live trace
 * ({@link io.tcpstack.daemon.control.TraceTap} per queue, {@link io.tcpstack.daemon.control.TraceSubscription}
 * per client, {@link io.tcpstack.daemon.control.TraceEvent} per line). What it serves
 * are {@link io.tcpstack.daemon.control.StackSnapshot}s, taken on each stack's event loop by a
 * {@link io.tcpstack.daemon.control.StackInspector}: no thread but the loop reads TCP state.
 */
package io.tcpstack.daemon.control;

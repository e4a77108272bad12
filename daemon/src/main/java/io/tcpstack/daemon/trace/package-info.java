/**
 * What {@code tcpstack trace} makes of the daemon's trace events on the client side: sequence
 * numbers relative to each direction's ISN and retransmission marks
 * ({@link io.tcpstack.daemon.trace.SequenceNumbers}), one text line per event
 * ({@link io.tcpstack.daemon.trace.TraceText}), and the sequence diagram of each connection
 * ({@link io.tcpstack.daemon.trace.Ladder}) with the peer's states inferred from the segments.
 */
package io.tcpstack.daemon.trace;

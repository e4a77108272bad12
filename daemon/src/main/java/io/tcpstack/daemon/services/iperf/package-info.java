/**
 * An iperf3-compatible server: the stock {@code iperf3} client runs TCP tests against the stack
 * unchanged ({@code -R}, {@code -P}, {@code -t}, {@code -l}, {@code -n}, {@code -k}, {@code -O},
 * {@code --bidir}, {@code --json}); UDP and SCTP tests are refused with iperf3's
 * "protocol does not exist" error. The protocol follows iperf3's own sources: a 37-byte cookie
 * opens every connection, state bytes drive the test, parameters and results travel as JSON
 * with a 4-byte length. The server runs on the stack's event loop
 * ({@link io.tcpstack.core.socket.LoopNetwork}): no thread per stream, and received test data is
 * counted and dropped without being copied.
 */
package io.tcpstack.daemon.services.iperf;

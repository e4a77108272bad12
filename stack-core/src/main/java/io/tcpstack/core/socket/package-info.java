/**
 * The blocking, {@link java.net.Socket}-shaped application API ({@link io.tcpstack.core.socket.StreamNetwork},
 * {@link io.tcpstack.core.socket.StreamServerSocket}, {@link io.tcpstack.core.socket.StreamSocket}) and its
 * implementation over the TCP engine ({@link io.tcpstack.core.socket.TcpStreamNetwork}).
 *
 * <p>Threading: the engine is confined to its event loop. Application threads (meant to be
 * virtual threads) never touch an endpoint; they queue short tasks on the loop
 * ({@code LoopBridge}) and park on a per-socket {@link java.util.concurrent.locks.Condition}. The
 * loop never blocks: its {@link io.tcpstack.core.tcp.TcpEndpointEvents} callbacks update a few
 * fields under the socket's lock and signal the waiters. Reads move up to 64 KiB per loop task
 * into the socket (and the whole rest of the stream once the peer's FIN is in); writes hand
 * bytes straight to the endpoint's send buffer and wait for {@code onWritable} while it is full.
 *
 * <p>Event-driven services ({@link io.tcpstack.core.socket.LoopNetwork}, implemented by the same
 * {@code TcpStreamNetwork}) need no thread at all: a {@link io.tcpstack.core.socket.StreamHandler}
 * is called on the loop for each connection's events and acts through the non-blocking
 * {@link io.tcpstack.core.socket.LoopStream}. An idle connection then costs its TCB and one small
 * stream object, nothing else.
 *
 * <p>The two APIs and the engine's {@link io.tcpstack.core.tcp.TcpEndpoint} name the same
 * operations the same way ({@code read}, {@code write}, {@code writableBytes},
 * {@code shutdownOutput}, {@code close}, {@code abort}, {@code setNoDelay}), and take ports by one
 * rule ({@link io.tcpstack.core.tcp.TcpService#checkPort}: 0..65535, 0 for a free ephemeral
 * port). {@code NetworkStack} hands out both: {@code streamNetwork()} and {@code loopNetwork()}.
 */
package io.tcpstack.core.socket;

/**
 * The daemon's built-in services, written against the stack's socket APIs
 * ({@link io.tcpstack.core.socket.StreamNetwork}, {@link io.tcpstack.core.socket.LoopNetwork}) and
 * its Netty transport: HTTP/1.1 (status page, {@code /bytes/N}, {@code /sink}), echo, discard,
 * chargen, daytime, an iperf3-compatible server ({@link io.tcpstack.daemon.services.iperf}) and
 * port forwarding. Daytime and forwarding run an accept loop on a virtual thread and serve every
 * connection on a virtual thread of its own ({@link io.tcpstack.daemon.services.RunningService});
 * on the userspace stack, echo, discard and chargen run on its event loop
 * ({@link io.tcpstack.daemon.services.LoopService}), so an idle connection costs no thread, and
 * the iperf3 server runs only there; HTTP is a Netty pipeline
 * ({@link io.tcpstack.daemon.services.HttpService}) on the stack's own loop, or on Netty's NIO
 * over the kernel's sockets.
 *
 * <p>Wiring: add {@link io.tcpstack.daemon.services.ServiceOptions} to the command as a
 * {@code @Mixin}; after parsing, {@code options.services()} gives the chosen services (or a
 * parameter error); {@link io.tcpstack.daemon.services.Services#start} starts them on the stack's
 * network with the stack's connection table, and {@code close()} stops them all.
 */
package io.tcpstack.daemon.services;

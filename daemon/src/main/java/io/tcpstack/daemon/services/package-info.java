/**
 * The daemon's built-in services, written against the stack's socket APIs only
 * ({@link io.tcpstack.core.socket.StreamNetwork}, {@link io.tcpstack.core.socket.LoopNetwork}): HTTP/1.1 (status page, {@code /bytes/N}, {@code /sink}), echo, discard, chargen, daytime
 * an iperf3-compatible server ({@link io.tcpstack.daemon.services.iperf}) and port forwarding. Each runs an accept loop on a virtual thread and serves every connection
 * on a virtual thread of its own ({@link io.tcpstack.daemon.services.RunningService}); on the
 * userspace stack, echo, discard and chargen instead run on its event loop
 * ({@link io.tcpstack.daemon.services.LoopService}), so an idle connection costs no thread, and
 * the iperf3 server runs only there.
 *
 * <p>Wiring: add {@link io.tcpstack.daemon.services.ServiceOptions} to the command as a
 * {@code @Mixin}; after parsing, {@code options.services()} gives the chosen services (or a
 * parameter error); {@link io.tcpstack.daemon.services.Services#start} starts them on the stack's
 * network with the stack's connection table, and {@code close()} stops them all.
 */
package io.tcpstack.daemon.services;

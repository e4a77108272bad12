/**
 * The {@code tcpstack} command: {@link io.tcpstack.daemon.Main} (picocli, exit codes 0/1/2),
 * {@code run} with its argument validation, and {@code StackAssembly}, which builds the TUN
 * channel's pipeline ({@code [pcap] -> IPv4 (+ICMP) -> exception logger}).
 */
package io.tcpstack.daemon;

package io.tcpstack.daemon;

import io.tcpstack.core.fault.FaultSpec;
import io.tcpstack.core.tcp.TcpConfig;
import java.nio.file.Path;

/**
 * What {@code tcpstack run} was asked to do, validated.
 *
 * @param tun         interface name, valid per the kernel's rules
 * @param address     the stack's own address and subnet
 * @param peer        the kernel side's address, a host of {@code address}'s subnet other than the stack's
 * @param mtu         68..65535
 * @param mtuExplicit whether the user gave {@code --mtu} (an attached interface with another MTU is then worth a warning)
 * @param pcap        capture file, or {@code null} for none
 * @param fault       impairment between the TUN and the stack, or {@code null} for none
 * @param tcp         TCP tunables (MSL, ...)
 * @param offload     ask the kernel for checksum and TCP segmentation offload on the TUN
 * @param queues      TUN queues, each with its own event loop and stack instance (one if the kernel
 *                    refuses a multi-queue interface or its steering program)
 */
record StackSettings(String tun, Ipv4Cidr address, int peer, int mtu, boolean mtuExplicit, Path pcap,
                     FaultSpec fault, TcpConfig tcp, boolean offload, int queues) {
}

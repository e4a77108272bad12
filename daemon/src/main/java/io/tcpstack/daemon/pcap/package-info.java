/** Packet capture of the TUN traffic into pcap files (Pcap4J, libpcap). */
package io.tcpstack.daemon.pcap;

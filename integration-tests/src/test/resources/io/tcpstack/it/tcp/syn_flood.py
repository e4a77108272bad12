#!/usr/bin/env python3
"""A spoofed SYN flood onto a TUN interface: COUNT SYNs from SOURCES forged addresses of the
subnet (10.0.0.100 upwards, none of them a host that exists), each from its own port, none ever
followed by the handshake's ACK. The SYN|ACKs the stack sends back go to addresses nobody holds:
the kernel, which does not forward, drops them.

The SYNs go out through an AF_PACKET socket straight to the process holding the TUN fd (see
tcp_bad_checksum.py, whose segment builder this uses).

Usage: syn_flood.py IFNAME DST DPORT SOURCES COUNT
Prints "sent COUNT SYNs from SOURCES sources".
"""
import socket
import sys

from tcp_bad_checksum import ETH_P_IP, syn

FIRST_SOURCE = 100
FIRST_PORT = 20000


def main():
    ifname, dst, dport, sources, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    if sources < 1 or FIRST_SOURCE + sources > 255:
        sys.exit("SOURCES must be 1.." + str(255 - FIRST_SOURCE))
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_IP))
    sock.bind((ifname, ETH_P_IP))
    for i in range(count):
        src = "10.0.0." + str(FIRST_SOURCE + i % sources)
        sock.sendto(syn(src, dst, FIRST_PORT + i // sources, dport, checksum_ok=True), (ifname, ETH_P_IP))
    print("sent %d SYNs from %d sources" % (count, sources))


if __name__ == "__main__":
    main()

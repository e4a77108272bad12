package io.tcpstack.core.ip;

import io.tcpstack.core.wire.Ipv4Header;

/**
 * The stack's own IPv4 interface configuration.
 *
 * @param address      the stack's address, host byte order
 * @param prefixLength network prefix length, 0..32
 * @param mtu          largest IPv4 packet the link carries, 68..65535 (RFC 791 §3.2: every
 *                     host must accept 68-byte datagrams without fragmentation)
 */
public record Ipv4Config(int address, int prefixLength, int mtu) {
    /** Smallest MTU an IPv4 link may have (RFC 791 §3.2). */
    public static final int MIN_MTU = 68;

    public Ipv4Config {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length must be 0..32, got " + prefixLength);
        }
        if (mtu < MIN_MTU || mtu > 0xFFFF) {
            throw new IllegalArgumentException("MTU must be " + MIN_MTU + "..65535, got " + mtu);
        }
    }

    /**
     * Parses {@code "a.b.c.d/prefix"}.
     *
     * @throws IllegalArgumentException with a one-line message naming the bad part
     */
    public static Ipv4Config parse(String cidr, int mtu) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("expected address/prefix such as 10.0.0.2/24, got '" + cidr + "'");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
        }
        return new Ipv4Config(parseAddress(cidr.substring(0, slash)), prefix, mtu);
    }

    /** Parses a dotted-quad address to host byte order, with a one-line error. */
    public static int parseAddress(String dotted) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("bad IPv4 address '" + dotted + "'");
        }
        int address = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = part.length() > 3 ? -1 : Integer.parseInt(part);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255 || part.startsWith("+")) {
                throw new IllegalArgumentException("bad IPv4 address '" + dotted + "'");
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    @Override
    public String toString() {
        return Ipv4Header.addressToString(address) + "/" + prefixLength + " mtu " + mtu;
    }
}

package io.tcpstack.tun;

/** Dotted-quad text and netmasks for IPv4 addresses held in an {@code int}, host byte order. */
public final class Ipv4Text {
    private Ipv4Text() {
    }

    public static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /** The mask of a prefix length 0..32, e.g. 24 -> 0xffffff00. */
    public static int netmask(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not in 0..32");
        }
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}

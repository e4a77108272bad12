package io.tcpstack.daemon;

import io.tcpstack.core.ip.Ipv4Config;
import io.tcpstack.tun.Ipv4Text;

/**
 * An IPv4 host address with its prefix length, e.g. {@code 10.0.0.2/24}: the stack's own address
 * and the subnet it shares with the kernel on the other side of the TUN.
 *
 * @param address      host byte order; a host address of the subnet (never its network or
 *                     broadcast address when the prefix is 30 or shorter)
 * @param prefixLength 1..31; a /31 has two host addresses and no broadcast (RFC 3021)
 */
public record Ipv4Cidr(int address, int prefixLength) {
    public Ipv4Cidr {
        String problem = problem(address, prefixLength);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Parses {@code a.b.c.d/n}.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static Ipv4Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' has no prefix length; write it as IP/PREFIX, e.g. 10.0.0.2/24");
        }
        int address = Ipv4Config.parseAddress(text.substring(0, slash));
        String prefix = text.substring(slash + 1);
        if (!prefix.matches("[0-9]{1,2}")) {
            throw new IllegalArgumentException("'" + prefix + "' is not a prefix length (1..31)");
        }
        return new Ipv4Cidr(address, Integer.parseInt(prefix));
    }

    private static String problem(int address, int prefixLength) {
        if (prefixLength < 1 || prefixLength > 31) {
            return "prefix length /" + prefixLength + " leaves no room for the stack and its peer; use 1..31";
        }
        String unicast = unicastProblem(address);
        if (unicast != null) {
            return unicast;
        }
        int hostBits = address & ~Ipv4Text.netmask(prefixLength);
        if (prefixLength <= 30 && (hostBits == 0 || hostBits == ~Ipv4Text.netmask(prefixLength))) {
            return Ipv4Text.format(address) + " is the " + (hostBits == 0 ? "network" : "broadcast")
                    + " address of /" + prefixLength + "; choose a host address";
        }
        return null;
    }

    /** Why {@code address} cannot be a host's unicast address (RFC 1122 §3.2.1.3, RFC 5771), or null. */
    static String unicastProblem(int address) {
        int first = address >>> 24;
        if (first == 0 || first == 127 || first >= 224) {
            return Ipv4Text.format(address) + " is not a unicast host address";
        }
        return null;
    }

    public int netmask() {
        return Ipv4Text.netmask(prefixLength);
    }

    public int network() {
        return address & netmask();
    }

    /** Lowest host address of the subnet (the network address itself on a /31, RFC 3021). */
    public int firstHost() {
        return prefixLength == 31 ? network() : network() + 1;
    }

    /** Highest host address of the subnet. */
    public int lastHost() {
        int broadcast = network() | ~netmask();
        return prefixLength == 31 ? broadcast : broadcast - 1;
    }

    public boolean isHost(int candidate) {
        return Integer.compareUnsigned(candidate, firstHost()) >= 0
                && Integer.compareUnsigned(candidate, lastHost()) <= 0;
    }

    /** The kernel side's default address: the first host of the subnet, or the next when that one is ours. */
    public int defaultPeer() {
        return firstHost() == address ? firstHost() + 1 : firstHost();
    }

    /** Why {@code peer} cannot be the kernel side's address in this subnet, or null when it can. */
    public String peerProblem(int peer) {
        if (peer == address) {
            return "peer address " + Ipv4Text.format(peer) + " is the stack's own address";
        }
        if (!isHost(peer)) {
            return "peer address " + Ipv4Text.format(peer) + " is not a host address of " + subnet();
        }
        return null;
    }

    /** Network in text, e.g. {@code 10.0.0.0/24}. */
    public String subnet() {
        return Ipv4Text.format(network()) + "/" + prefixLength;
    }

    @Override
    public String toString() {
        return Ipv4Text.format(address) + "/" + prefixLength;
    }
}

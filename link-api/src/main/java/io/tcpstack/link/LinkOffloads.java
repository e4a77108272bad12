package io.tcpstack.link;

/**
 * What the link does for the stack's outbound packets (a TUN with {@code IFF_VNET_HDR} and
 * {@code TUNSETOFFLOAD}, or nothing). Inbound packets tell their own story: a
 * {@link ValidatedPacket} carries a transport checksum the link vouches for.
 *
 * @param checksum         the link computes a transport checksum left partial in an {@link OffloadedPacket}
 * @param tcpSegmentation  the link splits an {@link OffloadedPacket} with a segment size into
 *                         TCP segments of that size (TSO); implies {@code checksum}
 */
public record LinkOffloads(boolean checksum, boolean tcpSegmentation) {
    /** A plain link: every packet goes out as built, checksums complete. */
    public static final LinkOffloads NONE = new LinkOffloads(false, false);
    /** Checksum and TCP segmentation offload. */
    public static final LinkOffloads TSO = new LinkOffloads(true, true);
    /** Longest IPv4 packet, and so the longest super-segment handed to a link with TSO (RFC 791 total length). */
    public static final int MAX_PACKET = 0xFFFF;

    /** @throws IllegalArgumentException for segmentation without checksum offload */
    public LinkOffloads {
        if (tcpSegmentation && !checksum) {
            throw new IllegalArgumentException("TCP segmentation offload needs checksum offload");
        }
    }

    /** The name the daemon logs and the tests read: {@code tso+csum}, {@code csum} or {@code none}. */
    @Override
    public String toString() {
        return tcpSegmentation ? "tso+csum" : checksum ? "csum" : "none";
    }
}

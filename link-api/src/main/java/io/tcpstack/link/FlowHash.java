package io.tcpstack.link;

/**
 * The queue of a multi-queue link that a TCP flow's packets from the peer arrive on: the one
 * function the stack and the link's steering (the TUN's {@code TUNSETSTEERINGEBPF} program) both
 * compute, so that the stack can place an actively opened connection, by its ephemeral port, on the
 * queue that will receive its return traffic.
 *
 * <p>Over the 4-tuple as the peer sends it (addresses and ports as big-endian integers, the way
 * they sit in the headers): {@code h = src ^ dst ^ (srcPort << 16 | dstPort)}, mixed with one round
 * of a 32-bit finaliser ({@code h ^= h >>> 16; h *= MIX; h ^= h >>> 16}), then the low 16 bits
 * (the TUN truncates its steering program's answer to a {@code u16}) modulo the queue count.
 */
public final class FlowHash {
    /** The multiplier of the mixing round (a 32-bit finaliser constant with good avalanche). */
    public static final int MIX = 0x45d9f3b;

    private FlowHash() {
    }

    /** The 16-bit hash of the flow {@code source:sourcePort -> destination:destinationPort}, before the modulo. */
    public static int hash(int source, int sourcePort, int destination, int destinationPort) {
        int h = source ^ destination ^ (sourcePort << 16 | destinationPort);
        h ^= h >>> 16;
        h *= MIX;
        h ^= h >>> 16;
        return h & 0xFFFF;
    }

    /** The queue, of {@code queues}, that the link steers the flow's packets to. */
    public static int queue(int source, int sourcePort, int destination, int destinationPort, int queues) {
        return hash(source, sourcePort, destination, destinationPort) % queues;
    }
}

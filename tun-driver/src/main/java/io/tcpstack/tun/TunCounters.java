package io.tcpstack.tun;

import io.tcpstack.link.LoopCounters;

/** A TUN channel's counters. Threading: see {@link LoopCounters}. */
public final class TunCounters extends LoopCounters<TunCounters.Counter> {
    public enum Counter implements LoopCounters.Named {
        /** Packets read that the kernel left unsegmented (virtio GSO type other than none: GSO/GRO). */
        SUPER_SEGMENTS_IN,
        /** Packets written for the kernel to segment (TSO). */
        SUPER_SEGMENTS_OUT,
        /** Read batches that delivered at least one packet; PacketsRead / ReadBatches is the mean batch size. */
        READ_BATCHES,
        /** Packets read from the device (counted once per batch). */
        PACKETS_READ,
        /** Write passes over the outbound queue that wrote at least one packet. */
        WRITE_BATCHES,
        /** Packets written to the device (counted once per write pass). */
        PACKETS_WRITTEN
    }

    public TunCounters() {
        super(Counter.class);
    }
}

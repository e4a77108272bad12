package io.tcpstack.tun;

import io.tcpstack.link.LoopCounters;

/** A TUN channel's counters. Threading: see {@link LoopCounters}. */
public final class TunCounters extends LoopCounters<TunCounters.Counter> {
    public enum Counter implements LoopCounters.Named {
        /** Packets read that the kernel left unsegmented (virtio GSO type other than none: GSO/GRO). */
        SUPER_SEGMENTS_IN,
        /** Packets written for the kernel to segment (TSO). */
        SUPER_SEGMENTS_OUT
    }

    public TunCounters() {
        super(Counter.class);
    }
}

package io.tcpstack.daemon;

/** {@code --offload}: what the stack asks of the TUN. */
enum OffloadMode {
    /** Virtio header with checksum and TCP segmentation offload, if the kernel agrees. */
    TSO,
    /** Plain packets, one per read and write. */
    NONE
}

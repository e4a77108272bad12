package io.tcpstack.it.impaired;

/**
 * One verified transfer's figures, as curl measured them.
 *
 * @param bytes   payload bytes moved (all of them, checked)
 * @param seconds from curl's start to the end of the transfer, connection set-up included
 */
record Goodput(long bytes, double seconds) {

    /** @return payload mebibytes per second */
    double mibPerSecond() {
        return bytes / seconds / (1 << 20);
    }
}

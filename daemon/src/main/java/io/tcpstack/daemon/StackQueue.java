package io.tcpstack.daemon;

import io.tcpstack.core.NetworkStack;
import io.tcpstack.tun.TunChannel;

/**
 * One TUN queue and the stack instance behind it, both confined to one event loop.
 *
 * @param channel the queue's channel; its pipeline ends in {@code stack}'s handler
 * @param stack   the stack that owns every connection whose packets arrive on this queue
 */
record StackQueue(TunChannel channel, NetworkStack stack) {
}

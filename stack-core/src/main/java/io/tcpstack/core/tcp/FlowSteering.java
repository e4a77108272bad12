package io.tcpstack.core.tcp;

import io.tcpstack.link.FlowHash;

/**
 * Which of a multi-queue link's queues this stack serves, of how many: the link steers a flow's
 * packets from the peer by {@link FlowHash}, so an active open picks an ephemeral port whose flow
 * comes back to this queue (as Linux's {@code SO_INCOMING_CPU} users and RSS-aware port choice do).
 *
 * @param queue  this stack's queue, from 0
 * @param queues the link's queue count; 1 for a link with one queue
 */
public record FlowSteering(int queue, int queues) {
    /** One queue: every flow is this stack's. */
    public static final FlowSteering SINGLE = new FlowSteering(0, 1);

    public FlowSteering {
        if (queues < 1 || queue < 0 || queue >= queues) {
            throw new IllegalArgumentException("flow steering: need 0 <= queue < queues, got queue " + queue + " of " + queues);
        }
    }

    /** Whether the link steers the flow from {@code peer:peerPort} to {@code local:localPort} to this queue. */
    public boolean owns(int peer, int peerPort, int local, int localPort) {
        return queues == 1 || FlowHash.queue(peer, peerPort, local, localPort, queues) == queue;
    }
}

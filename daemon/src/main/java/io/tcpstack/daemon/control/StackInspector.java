package io.tcpstack.daemon.control;

import java.io.IOException;
import java.util.List;

/** Takes a snapshot of every queue's stack on its event loop and waits for them, within a timeout. */
@FunctionalInterface
public interface StackInspector {
    /**
     * @return one snapshot per queue, in queue order
     * @throws IOException if the stack is stopped or a loop does not answer in time
     */
    List<StackSnapshot> snapshots() throws IOException;
}

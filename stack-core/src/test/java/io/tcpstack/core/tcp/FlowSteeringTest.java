package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpstack.core.tcp.TcpHarness.Events;
import io.tcpstack.link.FlowHash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Active opens on one queue of a multi-queue link take ports whose return traffic the link steers to that queue. */
class FlowSteeringTest {
    private static final int QUEUES = 3;

    @Test
    void anActiveOpenTakesAPortWhoseFlowComesBackToItsQueue() {
        for (int queue = 0; queue < QUEUES; queue++) {
            TcpHarness h = new TcpHarness(TcpConfig.builder().steering(new FlowSteering(queue, QUEUES)).build());
            List<TcpEndpoint> opened = new ArrayList<>();
            HashSet<Integer> ports = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                opened.add(h.layer.connect(TcpLayer.socketAddress(TcpHarness.PEER, 80), new Events()));
                int port = h.expect(SYN).sourcePort();
                assertThat(FlowHash.queue(TcpHarness.PEER, 80, TcpHarness.US, port, QUEUES))
                        .as("queue of the flow from port %d", port).isEqualTo(queue);
                ports.add(port);
            }
            assertThat(ports).as("a port per connection").hasSize(50);
            opened.forEach(TcpEndpoint::abort);
            h.assertNoLeaks();
        }
    }

    @Test
    void aQueueOutsideTheLinksQueuesIsRefused() {
        assertThatThrownBy(() -> new FlowSteering(2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queue 2 of 2");
        assertThat(FlowSteering.SINGLE.owns(1, 2, 3, 4)).isTrue();
    }
}

package io.tcpstack.core.tcp;

import static io.tcpstack.core.wire.TcpHeader.ACK;
import static io.tcpstack.core.wire.TcpHeader.FIN;
import static io.tcpstack.core.wire.TcpHeader.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-segment tap of {@link TcpLayer}: every segment in and out, in order, and nothing once removed. */
class SegmentTapTest {
    /** What the tap saw of one segment. */
    private record Seen(boolean inbound, int localPort, int remotePort, int seq, int ack, int flags, int dataLength,
                        int mss) {
    }

    @Test
    void seesEverySegmentOfAConnectionInOrder() {
        TwoStacks link = new TwoStacks();
        List<Seen> server = new ArrayList<>();
        List<Seen> client = new ArrayList<>();
        link.server.segmentTap(recorder(server));
        link.client.segmentTap(recorder(client));

        link.transfer(3, 5);

        assertThat(server).hasSize((int) (link.server.counters().snapshot().get("InSegs")
                + link.server.counters().snapshot().get("OutSegs")));
        Seen syn = server.get(0);
        assertThat(syn.inbound()).isTrue();
        assertThat(syn.flags()).isEqualTo(SYN);
        assertThat(syn.localPort()).isEqualTo(80);
        assertThat(syn.mss()).as("the SYN's MSS option").isPositive();
        Seen synAck = server.get(1);
        assertThat(synAck.inbound()).isFalse();
        assertThat(synAck.flags() & (SYN | ACK)).isEqualTo(SYN | ACK);
        assertThat(synAck.ack()).isEqualTo(syn.seq() + 1);
        assertThat(client.get(0)).as("the client's SYN as the client sent it").isEqualTo(
                new Seen(false, syn.remotePort(), 80, syn.seq(), syn.ack(), syn.flags(), 0, syn.mss()));
        assertThat(server).filteredOn(s -> s.inbound() && s.dataLength() > 0)
                .extracting(Seen::dataLength).containsExactly(3);
        assertThat(server).filteredOn(s -> !s.inbound() && s.dataLength() > 0)
                .extracting(Seen::dataLength).containsExactly(5);
        assertThat(server).filteredOn(s -> (s.flags() & FIN) != 0).extracting(Seen::inbound)
                .containsExactlyInAnyOrder(true, false);
    }

    @Test
    void aRemovedTapSeesNothing() {
        TwoStacks link = new TwoStacks();
        List<Seen> server = new ArrayList<>();
        link.server.segmentTap(recorder(server));
        link.server.segmentTap(null);

        link.transfer(1, 1);

        assertThat(server).isEmpty();
    }

    private static SegmentTap recorder(List<Seen> seen) {
        return (inbound, remoteAddress, localPort, remotePort, seq, ack, flags, window, dataLength, options) ->
                seen.add(new Seen(inbound, localPort, remotePort, seq, ack, flags, dataLength, options.mss()));
    }
}

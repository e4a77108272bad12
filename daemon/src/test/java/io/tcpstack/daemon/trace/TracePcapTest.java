package io.tcpstack.daemon.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpstack.daemon.control.TraceEvent;
import java.io.EOFException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpMaximumSegmentSizeOption;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.TcpTimestampsOption;
import org.pcap4j.packet.namednumber.DataLinkType;

/** Traced segments written as packets, read back with libpcap and Pcap4J's dissectors. */
class TracePcapTest {
    private static final String STACK = "10.0.0.2";
    private static final String PEER = "10.0.0.1";

    private static TraceEvent segment(String direction, List<String> flags, long seq, Long ack, int len,
                                      TraceEvent.Options options) {
        return new TraceEvent(TraceEvent.SEGMENT, 1_700_000_000_123_456L, 0, STACK, 7, PEER, 41522, direction, flags,
                seq, ack, len, 64240, options, null, null, null, null, null);
    }

    @Test
    void handshakeDataAndTeardownParseWithTheirSeqAckFlagsAndOptions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trace.pcap");
        try (TracePcap pcap = TracePcap.open(file)) {
            pcap.accept(segment("in", List.of("SYN"), 4_294_967_000L, null, 0,
                    new TraceEvent.Options(1460, 7, true, 99L, 0L, null)));
            pcap.accept(new TraceEvent(TraceEvent.STATE, 1L, 0, STACK, 7, PEER, 41522, null, null, null, null, null,
                    null, null, null, "LISTEN", "SYN_RECEIVED", "SYN", null));
            pcap.accept(segment("out", List.of("SYN", "ACK"), 5000, 4_294_967_001L, 0,
                    new TraceEvent.Options(1460, null, null, null, null, null)));
            pcap.accept(segment("in", List.of("PSH", "ACK"), 4_294_967_001L, 5001L, 6, null));
            pcap.accept(segment("in", List.of("FIN", "ACK"), 4_294_967_007L, 5001L, 0,
                    new TraceEvent.Options(null, null, null, null, null, List.of(List.of(1L, 2L)))));
            pcap.accept(segment("out", List.of("RST"), 5001, null, 0, null));
        }

        List<TcpPacket> tcp = new ArrayList<>();
        List<IpV4Packet> ip = new ArrayList<>();
        try (PcapHandle handle = Pcaps.openOffline(file.toString())) {
            assertThat(handle.getDlt()).isEqualTo(DataLinkType.RAW);
            while (true) {
                Packet p;
                try {
                    p = handle.getNextPacketEx();
                } catch (EOFException end) {
                    break;
                }
                ip.add(p.get(IpV4Packet.class));
                tcp.add(p.get(TcpPacket.class));
            }
        }
        assertThat(tcp).hasSize(5);
        assertThat(ip.get(0).getHeader().getSrcAddr().getHostAddress()).isEqualTo(PEER);
        assertThat(ip.get(0).getHeader().getDstAddr().getHostAddress()).isEqualTo(STACK);
        assertThat(ip.get(1).getHeader().getSrcAddr().getHostAddress()).isEqualTo(STACK);
        assertThat(tcp.get(0).getHeader().getSrcPort().valueAsInt()).isEqualTo(41522);
        assertThat(tcp.get(0).getHeader().getDstPort().valueAsInt()).isEqualTo(7);
        assertThat(tcp.get(1).getHeader().getSrcPort().valueAsInt()).isEqualTo(7);

        TcpPacket.TcpHeader syn = tcp.get(0).getHeader();
        assertThat(syn.getSyn()).isTrue();
        assertThat(syn.getAck()).isFalse();
        assertThat(Integer.toUnsignedLong(syn.getSequenceNumber())).isEqualTo(4_294_967_000L);
        assertThat(syn.getWindowAsInt()).isEqualTo(64240);
        assertThat(syn.getOptions()).anySatisfy(o -> assertThat(o).isInstanceOfSatisfying(
                TcpMaximumSegmentSizeOption.class, m -> assertThat(m.getMaxSegSizeAsInt()).isEqualTo(1460)));
        assertThat(syn.getOptions()).anySatisfy(o -> assertThat(o).isInstanceOfSatisfying(
                TcpTimestampsOption.class, t -> assertThat(t.getTsValue()).isEqualTo(99)));

        TcpPacket.TcpHeader synAck = tcp.get(1).getHeader();
        assertThat(synAck.getSyn() && synAck.getAck()).isTrue();
        assertThat(synAck.getSequenceNumber()).isEqualTo(5000);
        assertThat(Integer.toUnsignedLong(synAck.getAcknowledgmentNumber())).isEqualTo(4_294_967_001L);

        assertThat(tcp.get(2).getHeader().getPsh()).isTrue();
        assertThat(tcp.get(2).getPayload().getRawData()).hasSize(6).containsOnly(0);
        assertThat(ip.get(2).getHeader().getTotalLengthAsInt()).isEqualTo(20 + 20 + 6);
        assertThat(tcp.get(3).getHeader().getFin()).isTrue();
        assertThat(tcp.get(4).getHeader().getRst()).isTrue();
        for (int i = 0; i < tcp.size(); i++) {
            assertThat(tcp.get(i).hasValidChecksum(ip.get(i).getHeader().getSrcAddr(),
                    ip.get(i).getHeader().getDstAddr(), false)).as("checksum of packet %d", i).isTrue();
            assertThat(ip.get(i).getHeader().hasValidChecksum(false)).isTrue();
        }
    }
}

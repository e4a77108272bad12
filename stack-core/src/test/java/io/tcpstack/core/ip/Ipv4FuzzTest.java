package io.tcpstack.core.ip;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tcpstack.core.icmp.IcmpProtocol;
import io.tcpstack.core.tcp.TcpConfig;
import io.tcpstack.core.tcp.TcpEndpoint;
import io.tcpstack.core.tcp.TcpLayer;
import io.tcpstack.core.time.VirtualTimerScheduler;
import io.tcpstack.core.wire.Checksum;
import java.time.Duration;

/**
 * Fuzz test (Jazzer) of the whole receive path: any bytes as an IPv4 datagram from the link,
 * through IPv4 validation to ICMP (echo, errors) and to TCP with a listener. Header checksums are
 * made right when there is a header, so the bytes get past the first check. Nothing may throw or
 * leak. Regression mode replays {@code Ipv4FuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class Ipv4FuzzTest {
    private static final int LOCAL = 0x0A000002; // 10.0.0.2

    @FuzzTest(maxDuration = "60s")
    void anyBytesAsADatagram(byte[] bytes) {
        VirtualTimerScheduler timers = new VirtualTimerScheduler();
        Ipv4Handler handler = new Ipv4Handler(new Ipv4Config(LOCAL, 24, 1500));
        TcpLayer tcp = new TcpLayer(handler, timers, TcpConfig.DEFAULTS, Runnable::run);
        handler.register(tcp);
        handler.register(new IcmpProtocol(handler, timers.clock()));
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        tcp.listen(80, 16, TcpEndpoint::abort);

        ByteBuf packet = Unpooled.buffer(bytes.length).writeBytes(bytes);
        int headerLength = bytes.length > 0 ? (bytes[0] & 0x0F) * 4 : 0;
        if (headerLength >= 20 && headerLength <= bytes.length) {
            packet.setInt(16, LOCAL); // addressed to the stack, so it is not dropped as someone else's
            packet.setShort(10, 0);
            packet.setShort(10, Checksum.compute(packet, 0, headerLength));
        }
        channel.writeInbound(packet);
        channel.runPendingTasks();
        timers.advance(Duration.ofMinutes(10).toNanos());
        for (Object out; (out = channel.readOutbound()) != null; ) {
            ((ByteBuf) out).release();
        }
        assertThat(packet.refCnt()).as("the datagram was released").isZero();
        channel.finishAndReleaseAll();
    }
}

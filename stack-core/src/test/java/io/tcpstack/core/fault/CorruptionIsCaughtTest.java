package io.tcpstack.core.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import io.tcpstack.core.fault.FaultCounters.Counter;
import io.tcpstack.core.ip.IpCounters;
import io.tcpstack.core.ip.Ipv4Config;
import io.tcpstack.core.ip.Ipv4Handler;
import io.tcpstack.core.tcp.DropReason;
import io.tcpstack.core.tcp.TcpConfig;
import io.tcpstack.core.tcp.TcpLayer;
import io.tcpstack.core.time.VirtualTimerScheduler;
import io.tcpstack.core.wire.Ipv4Header;
import io.tcpstack.core.wire.TcpHeader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every single-bit corruption the injector makes is caught by a checksum (or an earlier header
 * check) in the stack behind it: nothing corrupted is delivered, and the drop counters add up to
 * exactly the corrupted count.
 */
class CorruptionIsCaughtTest {
    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    private static final int STACK = 0x0A000002;
    private static final int PEER = 0x0A000001;
    private static final int SEGMENTS = 2000;

    @Test
    void checksumsCatchEveryFlippedBit() {
        VirtualTimerScheduler timers = new VirtualTimerScheduler();
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        Ipv4Handler ip = new Ipv4Handler(new Ipv4Config(STACK, 24, 1500));
        TcpLayer tcp = new TcpLayer(ip, timers, TcpConfig.DEFAULTS, Runnable::run);
        ip.register(tcp);
        FaultInjector injector = new FaultInjector(FaultSpec.parse("corrupt=100%,dir=in,seed=21"), timers);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(injector, ip);

        SplittableRandom random = new SplittableRandom(21);
        for (int i = 0; i < SEGMENTS; i++) {
            // Segments for a port nobody listens on: any one that got through would be answered with RST.
            channel.writeInbound(segment(alloc, random, random.nextInt(0, 1400)));
        }

        long ipDrops = ip.counters().get(IpCounters.Counter.IN_RECEIVES) - ip.counters().get(IpCounters.Counter.IN_DELIVERS);
        assertThat(injector.inboundCounters().get(Counter.CORRUPTED)).isEqualTo(SEGMENTS);
        assertThat(ipDrops + tcp.counters().inErrs()).as("drops at IPv4 plus TCP segments in error").isEqualTo(SEGMENTS);
        assertThat(ip.counters().get(IpCounters.Counter.IN_HDR_ERRORS)).as("some flips hit the IPv4 header").isPositive();
        assertThat(tcp.counters().drops(DropReason.BAD_CHECKSUM)).as("most hit the TCP segment").isGreaterThan(SEGMENTS / 2);
        assertThat(tcp.counters().drops(DropReason.NO_CONNECTION)).isZero();
        assertThat((Object) channel.readOutbound()).as("no RST for a corrupted segment").isNull();
        channel.finishAndReleaseAll();
        assertThat(alloc.metric().usedHeapMemory()).isZero();
    }

    private static ByteBuf segment(UnpooledByteBufAllocator alloc, SplittableRandom random, int dataLength) {
        ByteBuf b = alloc.heapBuffer(40 + dataLength);
        b.writeZero(Ipv4Header.MIN_LENGTH);
        TcpHeader.write(b, 40000, 9, random.nextInt(), random.nextInt(), TcpHeader.ACK | TcpHeader.PSH, 65535, 0, null);
        for (int i = 0; i < dataLength; i++) {
            b.writeByte(random.nextInt(256));
        }
        TcpHeader.fillChecksum(b, Ipv4Header.MIN_LENGTH, b.readableBytes() - Ipv4Header.MIN_LENGTH, PEER, STACK);
        Ipv4Header.write(b, 0, b.readableBytes(), 1, true, 64, TcpHeader.PROTOCOL, PEER, STACK);
        return b;
    }
}

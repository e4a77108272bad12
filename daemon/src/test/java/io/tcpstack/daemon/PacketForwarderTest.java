package io.tcpstack.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tcpstack.core.fault.FaultInjector;
import io.tcpstack.core.fault.FaultSpec;
import io.tcpstack.core.time.VirtualTimerScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The relay's two sides on EmbeddedChannels: A's packets reach B through the injector, and back. */
class PacketForwarderTest {
    private final VirtualTimerScheduler timers = new VirtualTimerScheduler();
    private final EmbeddedChannel a = new EmbeddedChannel();
    private final EmbeddedChannel b = new EmbeddedChannel();

    private static ByteBuf packet(int n) {
        return Unpooled.buffer(4).writeInt(n);
    }

    private static int number(Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            return buf.getInt(0);
        } finally {
            buf.release();
        }
    }

    @Test
    void relaysBothWaysThroughTheInjectorAndItsDirections() {
        FaultInjector injector = new FaultInjector(FaultSpec.parse("delay=10ms,dir=in,seed=1"), timers);
        PacketForwarder aToB = new PacketForwarder(b);
        a.pipeline().addLast(injector, aToB);
        b.pipeline().addLast(new PacketForwarder(a));

        a.writeInbound(packet(1)); // read from TUN A: impaired (delayed) on its way to B
        assertThat((Object) b.readOutbound()).isNull();
        timers.advance(Duration.ofMillis(10).toNanos());
        assertThat(number(b.readOutbound())).isEqualTo(1);

        b.writeInbound(packet(2)); // read from TUN B: dir=in leaves B -> A alone
        assertThat(number(a.readOutbound())).isEqualTo(2);
        assertThat(aToB.forwarded()).isEqualTo(1);
    }

    @Test
    void aBurstBeyondThePeersWaterMarkIsFlushedNotDropped() {
        PacketForwarder aToB = new PacketForwarder(b);
        a.pipeline().addLast(aToB);
        b.config().setWriteBufferWaterMark(new WriteBufferWaterMark(4, 8));
        for (int i = 0; i < 10; i++) {
            a.pipeline().fireChannelRead(packet(i)); // one read batch, no read-complete in between
        }
        a.pipeline().fireChannelReadComplete();
        for (int i = 0; i < 10; i++) {
            assertThat(number(b.readOutbound())).isEqualTo(i);
        }
        assertThat(aToB.dropped()).isZero();
    }

    @Test
    void dropsWhenThePeerIsClosed() {
        PacketForwarder aToB = new PacketForwarder(b);
        a.pipeline().addLast(aToB);
        b.close();
        ByteBuf p = packet(1);
        a.writeInbound(p);
        assertThat(aToB.dropped()).isEqualTo(1);
        assertThat(p.refCnt()).isZero();
    }
}

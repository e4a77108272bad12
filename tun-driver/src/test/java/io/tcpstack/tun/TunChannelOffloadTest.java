package io.tcpstack.tun;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.ReferenceCountUtil;
import io.tcpstack.link.LinkOffloads;
import io.tcpstack.link.OffloadedPacket;
import io.tcpstack.link.ValidatedPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TUN channel with a virtio header on every packet (a device opened with offloads), over a socket pair. */
class TunChannelOffloadTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final SocketPairDevice pair = new SocketPairDevice();

    @AfterEach
    void tearDown() throws Exception {
        pair.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Records each message's kind and bytes, on the loop thread. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        /** Per message: whether it came as a {@link ValidatedPacket} (else a plain ByteBuf). */
        final List<Boolean> validated = new ArrayList<>();
        final List<byte[]> packets = new ArrayList<>();
        final CountDownLatch done;

        Recorder(int expected) {
            done = new CountDownLatch(expected);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf content = msg instanceof ValidatedPacket validated ? validated.content() : (ByteBuf) msg;
            validated.add(msg instanceof ValidatedPacket);
            packets.add(ByteBufUtil.getBytes(content));
            ReferenceCountUtil.release(msg);
            done.countDown();
        }
    }

    private static byte[] packet(int length) {
        byte[] p = new byte[length];
        for (int j = 0; j < length; j++) {
            p[j] = (byte) (7 * j);
        }
        return p;
    }

    private static byte[] framed(byte[] header, byte[] packet) {
        byte[] frame = Arrays.copyOf(header, header.length + packet.length);
        System.arraycopy(packet, 0, frame, header.length, packet.length);
        return frame;
    }

    @Test
    void stripsTheHeaderAndMarksPacketsWhoseChecksumTheKernelVouchesFor() throws Exception {
        byte[] gso = {VirtioNetHeader.F_NEEDS_CSUM, VirtioNetHeader.GSO_TCPV4, 52, 0, (byte) 0xa8, 5, 20, 0, 16, 0};
        byte[] plain = new byte[VirtioNetHeader.LENGTH];
        pair.send(framed(gso, packet(30_000)));
        pair.send(framed(plain, packet(40)));
        Recorder recorder = new Recorder(2);
        TunChannel channel = new TunChannel(pair.channelSide(), LinkOffloads.MAX_PACKET, LinkOffloads.TSO);
        channel.pipeline().addLast(recorder);
        group.register(channel).sync();

        assertThat(recorder.done.await(10, TimeUnit.SECONDS)).isTrue();
        channel.close().sync();
        assertThat(recorder.validated).containsExactly(true, false);
        assertThat(recorder.packets.get(0)).isEqualTo(packet(30_000));
        assertThat(recorder.packets.get(1)).isEqualTo(packet(40));
        assertThat(channel.superSegmentsIn()).isOne();
    }

    @Test
    void writesTheHeaderThatAsksTheKernelToFinishAnOffloadedPacket() throws Exception {
        TunChannel channel = new TunChannel(pair.channelSide(), LinkOffloads.MAX_PACKET, LinkOffloads.TSO);
        group.register(channel).sync();
        ByteBuf tso = Unpooled.directBuffer().writeBytes(packet(3_000));
        ByteBuf ack = Unpooled.directBuffer().writeBytes(packet(40));

        channel.write(new OffloadedPacket(tso, 52, 20, 16, 1448));
        channel.writeAndFlush(ack).sync();

        assertThat(pair.receive()).isEqualTo(framed(
                new byte[] {VirtioNetHeader.F_NEEDS_CSUM, VirtioNetHeader.GSO_TCPV4, 52, 0, (byte) 0xa8, 5, 20, 0, 16, 0},
                packet(3_000)));
        assertThat(pair.receive()).isEqualTo(framed(new byte[VirtioNetHeader.LENGTH], packet(40)));
        assertThat(pair.receive()).isNull();
        assertThat(tso.refCnt()).isZero();
        assertThat(ack.refCnt()).isZero();
        assertThat(channel.superSegmentsOut()).isOne();
        channel.close().sync();
    }

    @Test
    void aChannelWithoutOffloadsRefusesAnOffloadedPacket() throws Exception {
        TunChannel channel = new TunChannel(pair.channelSide(), 1500);
        group.register(channel).sync();
        OffloadedPacket packet = new OffloadedPacket(Unpooled.directBuffer().writeBytes(packet(100)), 52, 20, 16, 0);

        assertThat(channel.writeAndFlush(packet).await().cause())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(packet.refCnt()).isZero();
        channel.close().sync();
    }
}

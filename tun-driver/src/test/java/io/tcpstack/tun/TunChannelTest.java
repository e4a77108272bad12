package io.tcpstack.tun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TunChannelTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final SocketPairDevice pair = new SocketPairDevice();

    @AfterEach
    void tearDown() throws Exception {
        pair.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Records packets and batch ends, on the loop thread. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<byte[]> packets = new ArrayList<>();
        final List<Integer> batchEnds = new ArrayList<>();
        final CountDownLatch done;
        boolean allDirect = true;

        Recorder(int expected) {
            done = new CountDownLatch(expected);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            allDirect &= buf.isDirect();
            packets.add(ByteBufUtil.getBytes(buf));
            buf.release();
            done.countDown();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            batchEnds.add(packets.size());
        }
    }

    private static byte[] packet(int i, int length) {
        byte[] p = new byte[length];
        for (int j = 0; j < length; j++) {
            p[j] = (byte) (i + j);
        }
        return p;
    }

    @Test
    void readsEveryQueuedPacketInBatchesOfAtMost64() throws Exception {
        int total = 150;
        for (int i = 0; i < total; i++) {
            pair.send(packet(i, 20 + i));
        }
        Recorder recorder = new Recorder(total);
        TunChannel channel = new TunChannel(pair.channelSide(), 1500);
        channel.pipeline().addLast(recorder);
        group.register(channel).sync();

        assertThat(recorder.done.await(10, TimeUnit.SECONDS)).isTrue();
        channel.close().sync();
        assertThat(recorder.packets).hasSize(total);
        for (int i = 0; i < total; i++) {
            assertThat(recorder.packets.get(i)).isEqualTo(packet(i, 20 + i));
        }
        assertThat(recorder.batchEnds).containsExactly(64, 128, 150);
        assertThat(recorder.allDirect).isTrue();
    }

    @Test
    void readsPacketsThatArriveAfterRegistration() throws Exception {
        Recorder recorder = new Recorder(3);
        TunChannel channel = new TunChannel(pair.channelSide(), 1500);
        channel.pipeline().addLast(recorder);
        group.register(channel).sync();
        for (int i = 0; i < 3; i++) {
            pair.send(packet(i, 60));
        }
        assertThat(recorder.done.await(10, TimeUnit.SECONDS)).isTrue();
        channel.close().sync();
        assertThat(recorder.packets).hasSize(3);
        assertThat(recorder.packets.get(2)).isEqualTo(packet(2, 60));
    }

    @Test
    void writesDirectHeapAndCompositeBuffersAsOnePacketEach() throws Exception {
        TunChannel channel = new TunChannel(pair.channelSide(), 1500);
        group.register(channel).sync();

        ByteBuf direct = Unpooled.directBuffer().writeBytes(packet(1, 40));
        ByteBuf heap = Unpooled.buffer().writeBytes(packet(2, 50));
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, Unpooled.directBuffer().writeBytes(packet(3, 20)));
        composite.addComponent(true, Unpooled.buffer().writeBytes(packet(4, 30)));
        channel.write(direct);
        channel.write(heap);
        channel.writeAndFlush(composite).sync();

        assertThat(pair.receive()).isEqualTo(packet(1, 40));
        assertThat(pair.receive()).isEqualTo(packet(2, 50));
        byte[] expected = new byte[50];
        System.arraycopy(packet(3, 20), 0, expected, 0, 20);
        System.arraycopy(packet(4, 30), 0, expected, 20, 30);
        assertThat(pair.receive()).isEqualTo(expected);
        assertThat(pair.receive()).isNull();
        assertThat(direct.refCnt()).isZero();
        assertThat(composite.refCnt()).isZero();
        channel.close().sync();
    }

    @Test
    void closeClosesTheDeviceAndDeactivates() throws Exception {
        TunChannel channel = new TunChannel(pair.channelSide(), 1500);
        group.register(channel).sync();
        assertThat(channel.isActive()).isTrue();
        channel.close().sync();
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.isActive()).isFalse();
        assertThat(channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1})).await().isSuccess()).isFalse();
    }
}

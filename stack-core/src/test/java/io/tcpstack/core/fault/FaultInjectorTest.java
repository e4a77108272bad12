package io.tcpstack.core.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import io.tcpstack.core.fault.FaultCounters.Counter;
import io.tcpstack.core.time.VirtualTimerScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each fault's effect on a scripted stream of numbered packets through an EmbeddedChannel, in
 * virtual time. Packets carry their number in their first four bytes.
 */
class FaultInjectorTest {
    private final VirtualTimerScheduler timers = new VirtualTimerScheduler();
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
    /** Read-complete events that reached the top of the pipeline. */
    private int readCompletes;
    private EmbeddedChannel channel;
    private FaultInjector injector;

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void nothingLeftBehind() {
        channel.finishAndReleaseAll();
        assertThat(timers.pendingTimers()).as("timers left armed").isZero();
        assertThat(alloc.metric().usedHeapMemory()).as("bytes of unreleased buffers").isZero();
    }

    private FaultInjector install(String spec) {
        injector = new FaultInjector(FaultSpec.parse(spec), timers);
        channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(injector, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                readCompletes++;
                ctx.fireChannelReadComplete();
            }
        });
        return injector;
    }

    private ByteBuf packet(int number) {
        return alloc.heapBuffer(64).writeInt(number).writeZero(36);
    }

    private void readIn(int from, int to) {
        for (int i = from; i < to; i++) {
            channel.writeInbound(packet(i));
        }
    }

    private void writeOut(int from, int to) {
        for (int i = from; i < to; i++) {
            channel.writeOutbound(packet(i));
        }
    }

    /** Numbers of the packets that came up, in order; each is released. */
    private List<Integer> inbound() {
        return drain(true);
    }

    private List<Integer> outbound() {
        return drain(false);
    }

    private List<Integer> drain(boolean in) {
        List<Integer> numbers = new ArrayList<>();
        for (ByteBuf b; (b = in ? channel.readInbound() : channel.readOutbound()) != null; ) {
            numbers.add(b.getInt(b.readerIndex()));
            b.release();
        }
        return numbers;
    }

    private static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).boxed().toList();
    }

    @Test
    void withoutFaultsPacketsPassInOrderBothWays() {
        install("seed=1");
        readIn(0, 100);
        writeOut(0, 100);
        assertThat(inbound()).isEqualTo(range(0, 100));
        assertThat(outbound()).isEqualTo(range(0, 100));
        assertThat(injector.inboundCounters().get(Counter.FORWARDED)).isEqualTo(100);
        assertThat(injector.outboundCounters().get(Counter.FORWARDED)).isEqualTo(100);
    }

    @Test
    void lossDropsAboutThatShareAndReleasesTheDropped() {
        install("loss=30%,seed=5");
        readIn(0, 10_000);
        List<Integer> passed = inbound();
        long dropped = injector.inboundCounters().get(Counter.DROPPED);
        assertThat(dropped).isBetween(2_800L, 3_200L);
        assertThat(passed).hasSize(10_000 - (int) dropped).isSorted();
    }

    @Test
    void theSameSeedLosesTheSamePackets() {
        install("loss=50%,seed=77");
        readIn(0, 200);
        List<Integer> first = inbound();
        channel.finishAndReleaseAll();
        install("loss=50%,seed=77");
        readIn(0, 200);
        assertThat(inbound()).isEqualTo(first);
        channel.finishAndReleaseAll();
        install("loss=50%,seed=78");
        readIn(0, 200);
        assertThat(inbound()).isNotEqualTo(first);
    }

    @Test
    void duplicationSendsEachChosenPacketTwiceRightAfterItself() {
        install("dup=100%,seed=1");
        readIn(0, 5);
        assertThat(inbound()).containsExactly(0, 0, 1, 1, 2, 2, 3, 3, 4, 4);
        assertThat(injector.inboundCounters().get(Counter.DUPLICATED)).isEqualTo(5);
        assertThat(injector.inboundCounters().get(Counter.FORWARDED)).isEqualTo(10);
    }

    @Test
    void corruptionFlipsExactlyOneBitOfACopy() {
        install("corrupt=100%,dir=out,seed=3");
        List<ByteBuf> originals = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ByteBuf p = packet(i);
            originals.add(p.retain());
            channel.writeOutbound(p);
        }
        for (ByteBuf original : originals) {
            ByteBuf sent = channel.readOutbound();
            assertThat(sent).isNotSameAs(original);
            assertThat(sent.readableBytes()).isEqualTo(original.readableBytes());
            int flipped = 0;
            for (int i = 0; i < sent.readableBytes(); i++) {
                flipped += Integer.bitCount((sent.getByte(i) ^ original.getByte(i)) & 0xFF);
            }
            assertThat(flipped).isEqualTo(1);
            assertThat(original.refCnt()).as("the injector released its reference").isEqualTo(1);
            original.release();
            sent.release();
        }
        assertThat(injector.outboundCounters().get(Counter.CORRUPTED)).isEqualTo(200);
    }

    @Test
    void reorderingHoldsAboutThatShareAndLosesNothing() {
        install("reorder=30%,gap=2,hold=1s,seed=11");
        readIn(0, 1000);
        List<Integer> out = inbound();
        long held = injector.inboundCounters().get(Counter.REORDERED);
        assertThat(held).isBetween(200L, 400L);
        timers.runUntilIdle(Duration.ofSeconds(2).toNanos());
        out.addAll(inbound());
        assertThat(out).containsExactlyInAnyOrderElementsOf(range(0, 1000)).isNotEqualTo(range(0, 1000));
    }

    @Test
    void heldPacketsWithNothingOvertakingThemWaitForTheHoldTime() {
        // With 100 % reordering every packet is held and none overtakes: only the hold time frees them.
        install("reorder=100%,hold=5ms,seed=1");
        readIn(0, 3);
        assertThat(inbound()).isEmpty();
        assertThat(injector.queued()).isEqualTo(3);
        timers.advance(Duration.ofMillis(5).toNanos() - 1);
        assertThat(inbound()).isEmpty();
        int completesBefore = readCompletes;
        timers.advance(1);
        assertThat(inbound()).containsExactly(0, 1, 2);
        assertThat(readCompletes).as("timer releases end with a read-complete").isEqualTo(completesBefore + 1);
    }

    @Test
    void heldPacketComesOutAfterExactlyGapOthers() {
        // Find the first held packet for this seed, then check the next packets overtake it by exactly gap.
        install("reorder=10%,gap=3,hold=1s,seed=4");
        readIn(0, 40);
        List<Integer> out = inbound();
        timers.runUntilIdle(Duration.ofSeconds(2).toNanos());
        out.addAll(inbound());
        int firstHeld = firstOutOfPlace(out);
        assertThat(firstHeld).as("seed 4 reorders something in 40 packets").isNotNegative();
        int laterPosition = out.indexOf(firstHeld);
        // the three packets before it in the output all came after it in the input
        assertThat(out.subList(laterPosition - 3, laterPosition)).allSatisfy(n -> assertThat(n).isGreaterThan(firstHeld));
    }

    private static int firstOutOfPlace(List<Integer> out) {
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) != i) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void delayHoldsEveryPacketForThatLongInOrder() {
        install("delay=20ms,dir=out,seed=1");
        writeOut(0, 10);
        assertThat(outbound()).isEmpty();
        timers.advance(Duration.ofMillis(20).toNanos() - 1);
        assertThat(outbound()).isEmpty();
        timers.advance(1);
        assertThat(outbound()).isEqualTo(range(0, 10));
        assertThat(injector.outboundCounters().get(Counter.DELAYED)).isEqualTo(10);
    }

    @Test
    void jitterSpreadsDelaysAroundTheBaseAndReorders() {
        install("delay=20ms,jitter=10ms,dir=in,seed=9");
        readIn(0, 500);
        timers.advance(Duration.ofMillis(10).toNanos() - 1);
        assertThat(inbound()).as("nothing before delay - jitter").isEmpty();
        timers.advance(Duration.ofMillis(10).toNanos());
        List<Integer> early = inbound();
        assertThat(early.size()).as("about half within 20 ms").isBetween(200, 300);
        timers.advance(Duration.ofMillis(10).toNanos());
        List<Integer> all = new ArrayList<>(early);
        all.addAll(inbound());
        assertThat(all).containsExactlyInAnyOrderElementsOf(range(0, 500)).isNotEqualTo(range(0, 500));
    }

    @Test
    void onlyTheChosenDirectionIsImpaired() {
        install("loss=100%,dir=in,seed=1");
        readIn(0, 10);
        ChannelPromise promise = channel.newPromise();
        channel.writeAndFlush(packet(7), promise);
        assertThat(inbound()).isEmpty();
        assertThat(outbound()).containsExactly(7);
        assertThat(promise.isSuccess()).isTrue();
        assertThat(injector.outboundCounters().get(Counter.RECEIVED)).isZero();
    }

    @Test
    void anImpairedWriteSucceedsWhenTaken() {
        install("loss=100%,dir=out,seed=1");
        ChannelPromise promise = channel.newPromise();
        channel.writeAndFlush(packet(1), promise);
        assertThat(promise.isSuccess()).isTrue();
        assertThat(outbound()).isEmpty();
    }

    @Test
    void timerReleasedWritesAreFlushed() {
        install("delay=1ms,dir=out,seed=1");
        channel.write(packet(1)); // never flushed by the caller
        timers.advance(Duration.ofMillis(1).toNanos());
        assertThat(outbound()).containsExactly(1);
    }

    @Test
    void leavingThePipelineReleasesQueuedPacketsAndTimers() {
        install("delay=1s,reorder=50%,dir=both,seed=2");
        readIn(0, 20);
        writeOut(0, 20);
        assertThat(injector.queued()).isEqualTo(40);
        channel.pipeline().remove(injector);
        assertThat(injector.queued()).isZero();
        assertThat(injector.inboundCounters().get(Counter.DISCARDED)
                + injector.outboundCounters().get(Counter.DISCARDED)).isEqualTo(40);
        assertThat(timers.pendingTimers()).isZero();
    }

    @Test
    void countersBalance() {
        install("loss=10%,dup=10%,reorder=10%,delay=5ms,jitter=5ms,corrupt=10%,seed=12");
        readIn(0, 2000);
        timers.advance(Duration.ofMillis(5).toNanos());
        FaultCounters c = injector.inboundCounters();
        int up = inbound().size();
        long queued = injector.queued();
        assertThat(c.get(Counter.FORWARDED)).isEqualTo(up);
        assertThat(c.get(Counter.RECEIVED) + c.get(Counter.DUPLICATED))
                .isEqualTo(c.get(Counter.FORWARDED) + c.get(Counter.DROPPED) + queued);
        assertThat(c.get(Counter.CORRUPTED)).isPositive();
        timers.runUntilIdle(Duration.ofSeconds(1).toNanos());
        inbound();
    }

    @Test
    void nonBufferMessagesPassUntouched() {
        install("loss=100%,seed=1");
        channel.writeInbound("hello");
        assertThat((String) channel.readInbound()).isEqualTo("hello");
    }
}

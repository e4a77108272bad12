package io.tcpstack.benchmarks.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.tcpstack.core.icmp.IcmpProtocol;
import io.tcpstack.core.ip.Ipv4Config;
import io.tcpstack.core.ip.Ipv4Handler;
import io.tcpstack.core.time.Clock;
import io.tcpstack.core.wire.IcmpHeader;
import io.tcpstack.core.wire.Ipv4Header;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The IPv4 layer's receive path end to end on one packet: an ICMP echo request (56 bytes of
 * data, as {@code ping} sends) enters {@link Ipv4Handler} on an {@link EmbeddedChannel}, is
 * validated and dispatched to ICMP, and the echo reply is read from the outbound side. Each
 * operation copies the request into a fresh pooled direct buffer, as the TUN reader would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Ipv4ReceiveBenchmark {
    private static final int DATA = 56;

    private EmbeddedChannel channel;
    private ByteBuf request;

    @Setup
    public void setUp() {
        Ipv4Handler ip = new Ipv4Handler(new Ipv4Config(WireBenchmark.DESTINATION, 24, WireBenchmark.MTU));
        ip.register(new IcmpProtocol(ip, Clock.SYSTEM));
        channel = new EmbeddedChannel(ip);

        int length = Ipv4Header.MIN_LENGTH + IcmpHeader.LENGTH + DATA;
        request = PooledByteBufAllocator.DEFAULT.directBuffer(length);
        request.writeZero(Ipv4Header.MIN_LENGTH);
        request.writeByte(IcmpHeader.TYPE_ECHO_REQUEST).writeByte(0).writeShort(0).writeShort(0x1234).writeShort(1);
        for (int i = 0; i < DATA; i++) {
            request.writeByte(i);
        }
        IcmpHeader.fillChecksum(request, Ipv4Header.MIN_LENGTH, IcmpHeader.LENGTH + DATA);
        Ipv4Header.write(request, 0, length, 7, true, Ipv4Header.DEFAULT_TTL, IcmpHeader.PROTOCOL,
                WireBenchmark.SOURCE, WireBenchmark.DESTINATION);
    }

    @TearDown
    public void tearDown() {
        request.release();
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public int echoRequestToReply() {
        ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer(request.readableBytes());
        packet.writeBytes(request, request.readerIndex(), request.readableBytes());
        channel.writeInbound(packet);
        ByteBuf reply = channel.readOutbound();
        if (reply == null) {
            throw new IllegalStateException("no echo reply: the request was dropped");
        }
        int length = reply.readableBytes();
        reply.release();
        return length;
    }
}

package io.tcpstack.benchmarks.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tcpstack.core.wire.Ipv4Header;
import io.tcpstack.core.wire.TcpHeader;
import io.tcpstack.core.wire.TcpOptions;
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
 * The wire views on the receive path: a full-sized (1500-byte) IPv4+TCP data segment in a pooled
 * direct buffer, as the TUN reader hands it over, and the options of a Linux SYN.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireBenchmark {
    static final int SOURCE = 0x0A000001; // 10.0.0.1
    static final int DESTINATION = 0x0A000002; // 10.0.0.2
    static final int MTU = 1500;

    private ByteBuf segment;
    private ByteBuf synOptions;
    private final TcpOptions options = new TcpOptions();

    @Setup
    public void setUp() {
        segment = PooledByteBufAllocator.DEFAULT.directBuffer(MTU);
        segment.writerIndex(Ipv4Header.MIN_LENGTH);
        int tcpLength = MTU - Ipv4Header.MIN_LENGTH;
        int headerLength = TcpHeader.write(segment, 40000, 5201, 123456789, 987654321,
                TcpHeader.ACK | TcpHeader.PSH, 65535, 0, null);
        for (int i = headerLength; i < tcpLength; i++) {
            segment.writeByte('0' + i % 10);
        }
        Ipv4Header.write(segment, 0, MTU, 1, true, Ipv4Header.DEFAULT_TTL, TcpHeader.PROTOCOL, SOURCE, DESTINATION);
        TcpHeader.fillChecksum(segment, Ipv4Header.MIN_LENGTH, tcpLength, SOURCE, DESTINATION);

        // Linux's SYN: MSS 1460, SACK permitted, timestamps, NOP, window scale 7
        synOptions = PooledByteBufAllocator.DEFAULT.directBuffer(20);
        synOptions.writeBytes(new byte[] {2, 4, 0x05, (byte) 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7});
    }

    @TearDown
    public void tearDown() {
        segment.release();
        synOptions.release();
    }

    /** What the receive path reads of a segment: IPv4 header and its checksum, TCP header and its checksum. */
    @Benchmark
    public long parseIpv4TcpAndVerifyChecksums() {
        ByteBuf p = segment;
        int ipHeader = Ipv4Header.headerLength(p, 0);
        int total = Ipv4Header.totalLength(p, 0);
        int source = Ipv4Header.source(p, 0);
        int destination = Ipv4Header.destination(p, 0);
        boolean valid = Ipv4Header.version(p, 0) == 4 && Ipv4Header.checksumValid(p, 0, ipHeader)
                && Ipv4Header.protocol(p, 0) == TcpHeader.PROTOCOL
                && TcpHeader.verifyChecksum(p, ipHeader, total - ipHeader, source, destination);
        long fields = (long) TcpHeader.seq(p, ipHeader) ^ TcpHeader.ack(p, ipHeader) ^ TcpHeader.flags(p, ipHeader)
                ^ TcpHeader.window(p, ipHeader) ^ TcpHeader.headerLength(p, ipHeader) ^ TcpHeader.sourcePort(p, ipHeader);
        return valid ? fields : -fields;
    }

    /** The send path's checksum of a full-sized segment. */
    @Benchmark
    public int fillTcpChecksum() {
        TcpHeader.fillChecksum(segment, Ipv4Header.MIN_LENGTH, MTU - Ipv4Header.MIN_LENGTH, SOURCE, DESTINATION);
        return TcpHeader.checksum(segment, Ipv4Header.MIN_LENGTH);
    }

    @Benchmark
    public int parseSynOptions() {
        return options.parse(synOptions, 0, synOptions.readableBytes()) ? options.mss() + options.windowScale() : -1;
    }
}

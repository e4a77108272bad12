package io.tcpstack.daemon.pcap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PcapHandlerTest {
    /** pcap file header (24 bytes) then per record a 16-byte header and the bytes. */
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    /** LINKTYPE_RAW in pcap files. */
    private static final int LINKTYPE_RAW = 101;

    private static byte[] packet(int firstByte, int length) {
        byte[] p = new byte[length];
        Arrays.fill(p, (byte) 7);
        p[0] = (byte) firstByte;
        return p;
    }

    @Test
    void recordsReadsAndWritesInOrderAndPassesThemOn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cap.pcap");
        EmbeddedChannel channel = new EmbeddedChannel(PcapHandler.open(file));
        byte[] in = packet(0x45, 28);
        byte[] out = packet(0x45, 40);
        channel.writeInbound(Unpooled.wrappedBuffer(in));
        channel.writeOutbound(Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(out, 0, 10),
                Unpooled.wrappedBuffer(out, 10, 30)));
        ByteBuf passedIn = channel.readInbound();
        ByteBuf passedOut = channel.readOutbound();
        assertThat(passedIn.readableBytes()).isEqualTo(28);
        assertThat(passedOut.readableBytes()).isEqualTo(40);
        passedIn.release();
        passedOut.release();
        channel.finishAndReleaseAll();

        ByteBuffer pcap = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(pcap.getInt(0)).isEqualTo(0xa1b2c3d4);
        assertThat(pcap.getInt(16)).isEqualTo(PcapHandler.SNAPLEN);
        assertThat(pcap.getInt(20)).isEqualTo(LINKTYPE_RAW);
        int first = FILE_HEADER;
        assertThat(pcap.getInt(first + 8)).isEqualTo(28);
        assertThat(pcap.getInt(first + 12)).isEqualTo(28);
        assertThat(Arrays.copyOfRange(pcap.array(), first + RECORD_HEADER, first + RECORD_HEADER + 28)).isEqualTo(in);
        int second = first + RECORD_HEADER + 28;
        assertThat(pcap.getInt(second + 8)).isEqualTo(40);
        assertThat(Arrays.copyOfRange(pcap.array(), second + RECORD_HEADER, second + RECORD_HEADER + 40)).isEqualTo(out);
        assertThat(pcap.capacity()).isEqualTo(second + RECORD_HEADER + 40);
    }

    @Test
    void unwritableFileIsAOneLineError(@TempDir Path dir) {
        Path file = dir.resolve("missing-dir/cap.pcap");
        assertThatThrownBy(() -> PcapHandler.open(file))
                .isInstanceOf(PcapException.class)
                .hasMessageStartingWith("cannot record to " + file + ": ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}

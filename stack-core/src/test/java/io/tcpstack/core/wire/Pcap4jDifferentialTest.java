package io.tcpstack.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV4EchoPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IllegalTcpOption;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.TcpEndOfOptionList;
import org.pcap4j.packet.TcpMaximumSegmentSizeOption;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.TcpSackOption;
import org.pcap4j.packet.TcpSackPermittedOption;
import org.pcap4j.packet.TcpTimestampsOption;
import org.pcap4j.packet.TcpWindowScaleOption;
import org.pcap4j.packet.UnknownTcpOption;

import java.lang.reflect.Field;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random and hand-built IPv4/TCP/ICMP packets parsed by our views and by Pcap4J's parser:
 * both must agree on every field and on checksum validity.
 */
class Pcap4jDifferentialTest {
    private static final int ROUNDS = 20_000;

    private final Random random = new Random(0x7CB57AC4L);
    private int tcpMalformedOptions;
    private int badChecksums;

    @Test
    void randomPacketsAgreeWithPcap4j() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            byte[] packet = random.nextBoolean() ? randomTcpPacket() : randomIcmpPacket();
            compare(packet, "round " + round);
        }
        // The generator really produced the interesting cases.
        assertThat(tcpMalformedOptions).isGreaterThan(ROUNDS / 20);
        assertThat(badChecksums).isGreaterThan(ROUNDS / 10);
    }

    @Test
    void handBuiltPacketsAgreeWithPcap4j() throws Exception {
        String[] tcpOptions = {
            "",
            "020405b40402080a0000000100000000" + "01030307",           // Linux SYN
            "0101080a1234567800000001" + "01010512000000010000000200000003000000ff", // TS, 2 SACK blocks
            "0101051a000000010000000200000003000000ff",               // SACK running past the end
            "00",                                                        // EOL only
            "01010100",                                                  // NOPs then EOL
            "fe04abcd",                                                  // unknown option, skipped
            "0203ffff",                                                  // MSS with length 3
            "0300ffff",                                                  // length 0
            "080affffffffffffffff0000",                                  // TS, max values
            "01010502",                                                  // SACK without blocks
        };
        for (String hex : tcpOptions) {
            byte[] options = io.netty.buffer.ByteBufUtil.decodeHexDump(hex);
            byte[] padded = new byte[(options.length + 3) / 4 * 4];
            System.arraycopy(options, 0, padded, 0, options.length);
            ByteBuf tcp = Unpooled.buffer();
            tcp.writeShort(443).writeShort(51000).writeInt(-1).writeInt(0x80000000)
                    .writeByte((5 + padded.length / 4) << 4).writeByte(0xFF).writeShort(0xFFFF)
                    .writeShort(0).writeShort(0xFFFF).writeBytes(padded).writeBytes(new byte[] {42});
            TcpHeader.fillChecksum(tcp, 0, tcp.readableBytes(), 0xC0000201, 0xC6336402);
            compare(wrapIpv4(tcp, TcpHeader.PROTOCOL, 0xC0000201, 0xC6336402), hex);
        }
    }

    private byte[] randomTcpPacket() {
        ByteBuf tcp = Unpooled.buffer();
        byte[] options = randomOptions();
        tcp.writeShort(random.nextInt(65536)).writeShort(random.nextInt(65536))
                .writeInt(random.nextInt()).writeInt(random.nextInt())
                .writeByte(((5 + options.length / 4) << 4) | random.nextInt(16)) // reserved bits random
                .writeByte(random.nextInt(256))
                .writeShort(random.nextInt(65536)).writeShort(0).writeShort(random.nextInt(65536))
                .writeBytes(options);
        byte[] payload = new byte[random.nextInt(64)];
        random.nextBytes(payload);
        tcp.writeBytes(payload);
        int src = random.nextInt();
        int dst = random.nextInt();
        TcpHeader.fillChecksum(tcp, 0, tcp.readableBytes(), src, dst);
        maybeCorrupt(tcp, 0);
        return wrapIpv4(tcp, TcpHeader.PROTOCOL, src, dst);
    }

    /** Well-formed options from our encoder, random option lists, or plain garbage. */
    private byte[] randomOptions() {
        ByteBuf out = Unpooled.buffer();
        switch (random.nextInt(3)) {
            case 0 -> {
                TcpOptions o = new TcpOptions();
                if (random.nextBoolean()) {
                    o.mss(random.nextInt(65536));
                }
                if (random.nextBoolean()) {
                    o.windowScale(random.nextInt(15));
                }
                o.sackPermitted(random.nextBoolean());
                if (random.nextBoolean()) {
                    o.timestamps(random.nextInt(), random.nextInt());
                }
                for (int b = random.nextInt(5); b > 0; b--) {
                    o.addSackBlock(random.nextInt(), random.nextInt());
                }
                o.encode(out);
            }
            case 1 -> {
                int limit = 4 * random.nextInt(11);
                while (out.readableBytes() < limit) {
                    int kind = new int[] {0, 1, 2, 3, 4, 5, 8, 30, 253}[random.nextInt(9)];
                    out.writeByte(kind);
                    if (kind > 1) {
                        int len = random.nextInt(8) == 0 ? random.nextInt(12) : naturalLength(kind);
                        out.writeByte(len);
                        for (int i = 2; i < len; i++) {
                            out.writeByte(random.nextInt(256));
                        }
                    }
                }
                out.writerIndex(limit);
            }
            default -> {
                byte[] garbage = new byte[4 * random.nextInt(11)];
                random.nextBytes(garbage);
                out.writeBytes(garbage);
            }
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    private int naturalLength(int kind) {
        return switch (kind) {
            case 2 -> 4;
            case 3 -> 3;
            case 4 -> 2;
            case 5 -> 2 + 8 * random.nextInt(5);
            case 8 -> 10;
            default -> 2 + random.nextInt(6);
        };
    }

    private byte[] randomIcmpPacket() {
        int type = random.nextBoolean() ? new int[] {0, 8}[random.nextInt(2)] : random.nextInt(256);
        ByteBuf icmp = Unpooled.buffer().writeByte(type).writeByte(random.nextInt(256)).writeShort(0)
                .writeShort(random.nextInt(65536)).writeShort(random.nextInt(65536));
        byte[] payload = new byte[random.nextInt(80)];
        random.nextBytes(payload);
        icmp.writeBytes(payload);
        IcmpHeader.fillChecksum(icmp, 0, icmp.readableBytes());
        maybeCorrupt(icmp, 0);
        return wrapIpv4(icmp, IcmpHeader.PROTOCOL, random.nextInt(), random.nextInt());
    }

    private void maybeCorrupt(ByteBuf buf, int from) {
        if (random.nextInt(4) == 0) {
            int at = from + random.nextInt(buf.writerIndex() - from);
            buf.setByte(at, buf.getByte(at) ^ (1 << random.nextInt(8)));
        }
    }

    /** An IPv4 header with random fields (options of NOPs and EOL sometimes) around {@code payload}. */
    private byte[] wrapIpv4(ByteBuf payload, int protocol, int src, int dst) {
        int optionWords = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
        int headerLength = 20 + 4 * optionWords;
        ByteBuf ip = Unpooled.buffer();
        ip.writeByte(((random.nextInt(10) == 0 ? random.nextInt(16) : 4) << 4) | (headerLength / 4))
                .writeByte(random.nextInt(256))
                .writeShort(headerLength + payload.readableBytes())
                .writeShort(random.nextInt(65536))
                .writeShort(random.nextInt(3) == 0 ? random.nextInt(65536) & 0x7FFF : 0x4000)
                .writeByte(random.nextInt(256))
                .writeByte(protocol)
                .writeShort(0)
                .writeInt(src)
                .writeInt(dst);
        for (int i = 0; i < optionWords * 4; i++) {
            ip.writeByte(i == optionWords * 4 - 1 ? 0 : 1);
        }
        ip.setShort(10, Checksum.compute(ip, 0, headerLength));
        maybeCorrupt(ip, 0);
        ip.writeBytes(payload);
        byte[] bytes = new byte[ip.readableBytes()];
        ip.readBytes(bytes);
        return bytes;
    }

    private void compare(byte[] bytes, String what) throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        Ipv4Repr ours = Ipv4Repr.parse(buf, 0);
        IpV4Packet.IpV4Header theirs;
        try {
            theirs = IpV4Packet.newPacket(bytes, 0, bytes.length).getHeader();
        } catch (IllegalRawDataException e) {
            // Pcap4J refuses impossible lengths; our views must show one (Ipv4Handler drops these).
            assertThat(ours.headerLength() < 20 || ours.totalLength() < ours.headerLength()
                    || ours.totalLength() > bytes.length).as(what + ": " + e.getMessage()).isTrue();
            badChecksums++;
            return;
        }
        assertThat(ours.version()).as(what).isEqualTo(theirs.getVersion().value() & 0xFF);
        assertThat(ours.headerLength()).as(what).isEqualTo(theirs.getIhlAsInt() * 4);
        assertThat((ours.dscp() << 2) | ours.ecn()).as(what).isEqualTo(theirs.getTos().value() & 0xFF);
        assertThat(ours.totalLength()).as(what).isEqualTo(theirs.getTotalLengthAsInt());
        assertThat(ours.identification()).as(what).isEqualTo(theirs.getIdentificationAsInt());
        assertThat(ours.dontFragment()).as(what).isEqualTo(theirs.getDontFragmentFlag());
        assertThat(ours.moreFragments()).as(what).isEqualTo(theirs.getMoreFragmentFlag());
        assertThat(ours.fragmentOffset()).as(what).isEqualTo(theirs.getFragmentOffset() & 0xFFFF);
        assertThat(ours.ttl()).as(what).isEqualTo(theirs.getTtlAsInt());
        assertThat(ours.protocol()).as(what).isEqualTo(theirs.getProtocol().value() & 0xFF);
        assertThat(ours.headerChecksum()).as(what).isEqualTo(theirs.getHeaderChecksum() & 0xFFFF);
        assertThat(ours.source()).as(what).isEqualTo(ByteBuffer.wrap(theirs.getSrcAddr().getAddress()).getInt());
        assertThat(ours.destination()).as(what).isEqualTo(ByteBuffer.wrap(theirs.getDstAddr().getAddress()).getInt());
        boolean ipValid = Ipv4Header.checksumValid(buf, 0, ours.headerLength());
        assertThat(ipValid).as(what).isEqualTo(theirs.hasValidChecksum(false));
        if (!ipValid) {
            badChecksums++;
            return; // a corrupted header may point anywhere; the payload is compared when it is intact
        }
        int at = ours.headerLength();
        int length = ours.totalLength() - at;
        if (ours.protocol() == TcpHeader.PROTOCOL) {
            compareTcp(buf, bytes, at, length, ours.source(), ours.destination(), what);
        } else {
            compareIcmp(buf, bytes, at, length, what + " " + io.netty.buffer.ByteBufUtil.hexDump(bytes));
        }
    }

    private void compareTcp(ByteBuf buf, byte[] bytes, int at, int length, int src, int dst, String what)
            throws Exception {
        TcpPacket packet;
        try {
            packet = TcpPacket.newPacket(bytes, at, length);
        } catch (IllegalRawDataException e) {
            // Pcap4J refuses an impossible data offset; so must we, and the bit flip that made it
            // must show in the checksum.
            assertThatThrownBy(() -> TcpRepr.parse(buf, at, length)).as(what)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data offset");
            assertThat(TcpHeader.verifyChecksum(buf, at, length, src, dst)).as(what).isFalse();
            badChecksums++;
            return;
        }
        TcpPacket.TcpHeader theirs = packet.getHeader();
        assertThat(TcpHeader.sourcePort(buf, at)).as(what).isEqualTo(theirs.getSrcPort().valueAsInt());
        assertThat(TcpHeader.destinationPort(buf, at)).as(what).isEqualTo(theirs.getDstPort().valueAsInt());
        assertThat(TcpHeader.seq(buf, at)).as(what).isEqualTo(theirs.getSequenceNumber());
        assertThat(TcpHeader.ack(buf, at)).as(what).isEqualTo(theirs.getAcknowledgmentNumber());
        assertThat(TcpHeader.dataOffset(buf, at)).as(what).isEqualTo(theirs.getDataOffsetAsInt());
        int theirFlags = (theirs.getUrg() ? TcpHeader.URG : 0) | (theirs.getAck() ? TcpHeader.ACK : 0)
                | (theirs.getPsh() ? TcpHeader.PSH : 0) | (theirs.getRst() ? TcpHeader.RST : 0)
                | (theirs.getSyn() ? TcpHeader.SYN : 0) | (theirs.getFin() ? TcpHeader.FIN : 0)
                | ((theirs.getReserved() & 0x3) << 6); // the low reserved bits are CWR and ECE (RFC 3168)
        assertThat(TcpHeader.flags(buf, at)).as(what).isEqualTo(theirFlags);
        assertThat(TcpHeader.window(buf, at)).as(what).isEqualTo(theirs.getWindowAsInt());
        assertThat(TcpHeader.checksum(buf, at)).as(what).isEqualTo(theirs.getChecksum() & 0xFFFF);
        assertThat(TcpHeader.urgentPointer(buf, at)).as(what).isEqualTo(theirs.getUrgentPointerAsInt());
        boolean valid = TcpHeader.verifyChecksum(buf, at, length, src, dst);
        assertThat(valid).as(what).isEqualTo(packet.hasValidChecksum(address(src), address(dst), false));
        if (!valid) {
            badChecksums++;
        }

        TcpOptions ours = new TcpOptions();
        boolean wellFormed = ours.parse(buf, at + 20, TcpHeader.headerLength(buf, at) - 20);
        TcpRepr.Options expected = optionsOf(theirs.getOptions(), TcpHeader.headerLength(buf, at) - 20);
        assertThat(wellFormed).as(what + " options " + io.netty.buffer.ByteBufUtil.hexDump(buf, at + 20,
                TcpHeader.headerLength(buf, at) - 20)).isEqualTo(expected != null);
        if (wellFormed) {
            assertThat(TcpRepr.Options.of(ours)).as(what).isEqualTo(expected);
        } else {
            tcpMalformedOptions++;
        }
    }

    /**
     * Pcap4J's options in our shape, or null where we call them malformed: an option Pcap4J
     * could not parse (it then either lists an IllegalTcpOption or, when the failure was an
     * exception, stops early without reaching the end of the option space or an EOL), an
     * unknown option running past the end (Pcap4J truncates it), or
     * (our stricter rule, RFC 2018 §3) a SACK option with 0 or more than 4 blocks.
     */
    private static TcpRepr.Options optionsOf(List<TcpPacket.TcpOption> options, int space) throws Exception {
        int mss = -1;
        int ws = -1;
        boolean sackOk = false;
        boolean ts = false;
        int tsVal = 0;
        int tsEcr = 0;
        List<TcpRepr.SackBlock> blocks = List.of();
        int consumed = 0;
        for (TcpPacket.TcpOption option : options) {
            consumed += option.length();
            if (option instanceof TcpEndOfOptionList) {
                consumed = space;
            } else if (option instanceof UnknownTcpOption unknown
                    && (unknown.getLengthAsInt() & 0xFF) != unknown.length()) {
                return null; // Pcap4J truncates an unknown option that runs past the end
            } else if (option instanceof IllegalTcpOption) {
                return null;
            } else if (option instanceof TcpMaximumSegmentSizeOption m) {
                mss = m.getMaxSegSizeAsInt();
            } else if (option instanceof TcpWindowScaleOption w) {
                ws = w.getShiftCountAsInt();
            } else if (option instanceof TcpSackPermittedOption) {
                sackOk = true;
            } else if (option instanceof TcpTimestampsOption t) {
                ts = true;
                tsVal = t.getTsValue();
                tsEcr = t.getTsEchoReply();
            } else if (option instanceof TcpSackOption s) {
                blocks = sackBlocks(s);
                if (blocks.isEmpty() || blocks.size() > TcpOptions.MAX_SACK_BLOCKS) {
                    return null;
                }
            }
        }
        if (consumed < space) {
            return null;
        }
        return new TcpRepr.Options(mss, ws, sackOk, ts, tsVal, tsEcr, blocks);
    }

    /** Pcap4J 1.8.2 parses SACK blocks but has no public getter for them. */
    private static List<TcpRepr.SackBlock> sackBlocks(TcpSackOption option) throws Exception {
        Field field = TcpSackOption.class.getDeclaredField("sacks");
        field.setAccessible(true);
        List<TcpRepr.SackBlock> blocks = new ArrayList<>();
        for (Object o : (List<?>) field.get(option)) {
            TcpSackOption.Sack sack = (TcpSackOption.Sack) o;
            blocks.add(new TcpRepr.SackBlock(sack.getLeftEdge(), sack.getRightEdge()));
        }
        return blocks;
    }

    private void compareIcmp(ByteBuf buf, byte[] bytes, int at, int length, String what)
            throws IllegalRawDataException {
        IcmpV4CommonPacket packet = IcmpV4CommonPacket.newPacket(bytes, at, length);
        IcmpV4CommonPacket.IcmpV4CommonHeader theirs = packet.getHeader();
        assertThat(IcmpHeader.type(buf, at)).as(what).isEqualTo(theirs.getType().value() & 0xFF);
        assertThat(IcmpHeader.code(buf, at)).as(what).isEqualTo(theirs.getCode().value() & 0xFF);
        assertThat(IcmpHeader.checksum(buf, at)).as(what).isEqualTo(theirs.getChecksum() & 0xFFFF);
        boolean valid = IcmpHeader.checksumValid(buf, at, length);
        int type = IcmpHeader.type(buf, at);
        if (type == IcmpHeader.TYPE_ECHO_REQUEST || type == IcmpHeader.TYPE_ECHO_REPLY) {
            assertThat(valid).as(what).isEqualTo(packet.hasValidChecksum(false));
        } else {
            // Pcap4J checks other types over its re-serialisation of the fields it models, which
            // drops bytes of random messages; compare with the plain RFC 1071 sum instead.
            assertThat(valid).as(what).isEqualTo(ChecksumTest.referencePartial(bytes, at, length) == 0xFFFF);
        }
        if (!valid) {
            badChecksums++;
        }
        IcmpV4EchoPacket.IcmpV4EchoHeader echo = IcmpV4EchoPacket.newPacket(bytes, at + 4, length - 4).getHeader();
        assertThat(IcmpHeader.echoId(buf, at)).as(what).isEqualTo(echo.getIdentifierAsInt());
        assertThat(IcmpHeader.echoSeq(buf, at)).as(what).isEqualTo(echo.getSequenceNumberAsInt());
    }

    private static Inet4Address address(int hostOrder) throws UnknownHostException {
        return (Inet4Address) InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(hostOrder).array());
    }
}

package io.tcpstack.daemon.trace;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tcpstack.core.wire.Ipv4Header;
import io.tcpstack.core.wire.TcpHeader;
import io.tcpstack.core.wire.TcpOptions;
import io.tcpstack.daemon.control.TraceEvent;
import io.tcpstack.daemon.control.TraceFilter;
import io.tcpstack.daemon.pcap.PcapException;
import io.tcpstack.daemon.pcap.PcapFile;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;

/**
 * {@code tcpstack trace --pcap}: each traced segment written to a pcap file (link type RAW) as an
 * IPv4+TCP packet rebuilt from the trace's fields: addresses, ports, seq, ack, flags, window and
 * options as on the wire, valid checksums, and the payload's length filled with zero bytes (a
 * trace carries headers, not data; a segment longer than
 * an IPv4 packet holds, e.g. an offloaded super-segment, is cut to 65535 bytes). IP identification 0, DF set, TTL 64.
 */
public final class TracePcap implements AutoCloseable {
    private static final int TTL = 64;
    /** The largest IPv4 packet: a longer (offloaded) segment's payload is cut to fit. */
    private static final int MAX_PACKET = 0xFFFF;

    private final PcapFile file;
    private final TcpOptions options = new TcpOptions();

    private TracePcap(PcapFile file) {
        this.file = file;
    }

    /** @throws PcapException with a one-line reason when the file cannot be written */
    public static TracePcap open(Path path) throws PcapException {
        return new TracePcap(PcapFile.open(path));
    }

    /** Writes {@code e} if it is a segment (with absolute sequence numbers); other events are not packets. */
    public void accept(TraceEvent e) throws IOException {
        if (!e.segment()) {
            return;
        }
        byte[] packet = packet(e);
        try {
            file.write(packet, timestamp(e.time()));
        } catch (Exception x) {
            throw new IOException("cannot record to " + file.path() + ": " + x.getMessage(), x);
        }
    }

    /** Makes what was written so far readable (e.g. by Wireshark while the trace runs). */
    public void flush() throws IOException {
        try {
            file.flush();
        } catch (Exception x) {
            throw new IOException("cannot record to " + file.path() + ": " + x.getMessage(), x);
        }
    }

    @Override
    public void close() {
        file.close();
    }

    /** The IPv4 packet of a segment event. */
    byte[] packet(TraceEvent e) {
        int local = TraceFilter.parse(e.localAddress());
        int peer = TraceFilter.parse(e.peerAddress());
        int source = e.inbound() ? peer : local;
        int destination = e.inbound() ? local : peer;
        int sourcePort = e.inbound() ? e.peerPort() : e.localPort();
        int destinationPort = e.inbound() ? e.localPort() : e.peerPort();
        TcpOptions o = options(e.options());
        int room = MAX_PACKET - Ipv4Header.MIN_LENGTH - TcpHeader.MIN_LENGTH - o.encodedLength();
        int len = Math.min(e.len() == null ? 0 : e.len(), room);
        ByteBuf buf = Unpooled.buffer(Ipv4Header.MIN_LENGTH + TcpHeader.MAX_LENGTH + len);
        try {
            buf.writerIndex(Ipv4Header.MIN_LENGTH);
            int header = TcpHeader.write(buf, sourcePort, destinationPort, (int) (long) e.seq(),
                    e.ack() == null ? 0 : (int) (long) e.ack(), flags(e.flags()),
                    e.window() == null ? 0 : e.window(), 0, o);
            buf.writeZero(len);
            TcpHeader.fillChecksum(buf, Ipv4Header.MIN_LENGTH, header + len, source, destination);
            Ipv4Header.write(buf, 0, buf.writerIndex(), 0, true, TTL, TcpHeader.PROTOCOL, source, destination);
            return ByteBufUtil.getBytes(buf, 0, buf.writerIndex());
        } finally {
            buf.release();
        }
    }

    private TcpOptions options(TraceEvent.Options o) {
        options.clear();
        if (o == null) {
            return options;
        }
        if (o.mss() != null) {
            options.mss(o.mss());
        }
        if (o.windowScale() != null) {
            options.windowScale(o.windowScale());
        }
        if (Boolean.TRUE.equals(o.sackPermitted())) {
            options.sackPermitted(true);
        }
        if (o.tsVal() != null) {
            options.timestamps((int) (long) o.tsVal(), o.tsEcr() == null ? 0 : (int) (long) o.tsEcr());
        }
        if (o.sack() != null) {
            for (List<Long> block : o.sack()) {
                options.addSackBlock((int) (long) block.get(0), (int) (long) block.get(1));
            }
        }
        return options;
    }

    /** The control bits of {@code names} ({@code SYN}, {@code ACK}, ...). */
    static int flags(List<String> names) {
        int flags = 0;
        for (String name : names) {
            flags |= switch (name) {
                case "FIN" -> TcpHeader.FIN;
                case "SYN" -> TcpHeader.SYN;
                case "RST" -> TcpHeader.RST;
                case "PSH" -> TcpHeader.PSH;
                case "ACK" -> TcpHeader.ACK;
                case "URG" -> TcpHeader.URG;
                case "ECE" -> TcpHeader.ECE;
                case "CWR" -> TcpHeader.CWR;
                default -> 0;
            };
        }
        return flags;
    }

    private static Timestamp timestamp(Long micros) {
        long us = micros == null ? System.currentTimeMillis() * 1000 : micros;
        Timestamp t = new Timestamp(Math.floorDiv(us, 1_000_000L) * 1000);
        t.setNanos((int) Math.floorMod(us, 1_000_000L) * 1000);
        return t;
    }
}

package io.tcpstack.daemon.pcap;

import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

import java.nio.file.Path;
import java.sql.Timestamp;

/**
 * A pcap file being written with libpcap (through Pcap4J), link type RAW: each record is a bare
 * IP packet. Not thread-safe: its users serialise access.
 */
public final class PcapFile implements AutoCloseable {
    /** Longest packet recorded whole (the largest IPv4 packet). */
    public static final int SNAPLEN = 65536;

    private final PcapHandle handle;
    private final PcapDumper dumper;
    private final Path path;

    private PcapFile(PcapHandle handle, PcapDumper dumper, Path path) {
        this.handle = handle;
        this.dumper = dumper;
        this.path = path;
    }

    /**
     * Creates (or truncates) the file.
     *
     * @throws PcapException with a one-line reason when libpcap is missing or the file cannot be written
     */
    public static PcapFile open(Path path) throws PcapException {
        PcapHandle handle;
        try {
            handle = Pcaps.openDead(DataLinkType.RAW, SNAPLEN);
        } catch (PcapNativeException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new PcapException("cannot record to " + path + ": libpcap is not available ("
                    + e.getMessage() + "); install it (apt-get install libpcap0.8)", e);
        }
        try {
            return new PcapFile(handle, handle.dumpOpen(path.toString()), path);
        } catch (Exception e) {
            handle.close();
            throw new PcapException("cannot record to " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Appends one packet, at most {@link #SNAPLEN} bytes of it. */
    public void write(byte[] packet, Timestamp time) throws NotOpenException {
        dumper.dumpRaw(packet, time);
    }

    public void flush() throws PcapNativeException, NotOpenException {
        dumper.flush();
    }

    @Override
    public void close() {
        dumper.close();
        handle.close();
    }
}

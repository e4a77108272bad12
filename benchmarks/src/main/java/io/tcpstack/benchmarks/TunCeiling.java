package io.tcpstack.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.FileDescriptor;
import io.tcpstack.core.wire.Checksum;
import io.tcpstack.tun.InterfaceConfigurator;
import io.tcpstack.tun.TunDevice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bare TUN ceiling: how fast packets cross a TUN with no stack behind it, so the stack's own
 * figures can be read as a fraction of the limit. One process, no offloads, MTU-sized IPv4/UDP
 * packets, one {@code read(2)} or {@code write(2)} per packet, as the stack without offloads does.
 * Usage: {@code TunCeiling write|read TUN MTU SECONDS}, run as root in a namespace of its own; it
 * creates the interface (the kernel side 10.9.0.1/24, the TUN side 10.9.0.2) and prints one JSON
 * object.
 *
 * <ul>
 *   <li>{@code write}: writes the same packet, 10.9.0.2 to 10.9.0.1 port 9, as fast as it can; the
 *       kernel runs its IPv4 and UDP input on each inside the {@code write} (no socket listens: the
 *       packet is dropped as port unreachable, the ICMP answers rate-limited by the kernel).</li>
 *   <li>{@code read}: a thread sends MTU-sized UDP datagrams from a kernel socket to 10.9.0.2,
 *       routed into the TUN, and the reader reads them as fast as it can (the faster of the two sets
 *       the rate, both counted at the reader).</li>
 * </ul>
 */
public final class TunCeiling {
    private static final int KERNEL = 0x0A090001;
    private static final int TUN_SIDE = 0x0A090002;
    private static final int IPV4_HEADER = 20;
    private static final int UDP_HEADER = 8;

    private TunCeiling() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !(args[0].equals("write") || args[0].equals("read"))) {
            System.err.println("usage: TunCeiling write|read TUN MTU SECONDS");
            System.exit(2);
        }
        String name = args[1];
        int mtu = Integer.parseInt(args[2]);
        long nanos = TimeUnit.SECONDS.toNanos(Integer.parseInt(args[3]));
        Epoll.ensureAvailability(); // Netty's native library, for FileDescriptor
        TunDevice device = TunDevice.open(name, false);
        try (InterfaceConfigurator config = new InterfaceConfigurator()) {
            config.configure(name, mtu, KERNEL, 24);
        }
        try {
            FileDescriptor fd = new FileDescriptor(device.fd());
            long[] moved = args[0].equals("write") ? write(fd, mtu, nanos) : read(fd, mtu, nanos);
            double seconds = moved[2] / 1e9;
            System.out.printf("{\"direction\": \"%s\", \"packets\": %d, \"gbits\": %.3f, \"kpps\": %.1f}%n", args[0],
                    moved[0], moved[1] * 8 / seconds / 1e9, moved[0] / seconds / 1e3);
        } finally {
            device.close();
        }
    }

    /** Packets, bytes and nanoseconds: one packet written over and over. */
    private static long[] write(FileDescriptor fd, int mtu, long nanos) throws IOException {
        ByteBuf packet = Unpooled.directBuffer(mtu);
        packet.writeByte(0x45).writeByte(0).writeShort(mtu).writeShort(0).writeShort(0x4000).writeByte(64).writeByte(17)
                .writeShort(0).writeInt(TUN_SIDE).writeInt(KERNEL);
        packet.setShort(10, Checksum.compute(packet, 0, IPV4_HEADER));
        packet.writeShort(40_000).writeShort(9).writeShort(mtu - IPV4_HEADER).writeShort(0); // UDP checksum 0: none
        packet.writerIndex(mtu);
        long address = packet.memoryAddress();
        long packets = 0;
        long start = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 64; i++) {
                if (fd.writeAddress(address, 0, mtu) == mtu) {
                    packets++;
                }
            }
            now = System.nanoTime();
        } while (now - start < nanos);
        packet.release();
        return new long[] {packets, packets * mtu, now - start};
    }

    /** Packets, bytes and nanoseconds read while a kernel socket sends into the TUN. */
    private static long[] read(FileDescriptor fd, int mtu, long nanos) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sender = new Thread(() -> send(mtu - IPV4_HEADER - UDP_HEADER, running), "tun-ceiling-sender");
        sender.start();
        ByteBuf buffer = Unpooled.directBuffer(mtu);
        long address = buffer.memoryAddress();
        long packets = 0;
        long bytes = 0;
        long start = System.nanoTime();
        long now;
        try {
            do {
                for (int i = 0; i < 64; i++) {
                    int n = fd.readAddress(address, 0, mtu);
                    if (n > 0) {
                        packets++;
                        bytes += n;
                    }
                }
                now = System.nanoTime();
            } while (now - start < nanos);
        } finally {
            running.set(false);
            sender.join();
            buffer.release();
        }
        return new long[] {packets, bytes, now - start};
    }

    private static void send(int payload, AtomicBoolean running) {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(new InetSocketAddress("10.9.0.2", 9));
            ByteBuffer datagram = ByteBuffer.allocateDirect(payload);
            while (running.get()) {
                datagram.clear();
                try {
                    channel.write(datagram);
                } catch (IOException e) {
                    // ENOBUFS while the TUN's queue is full: the reader sets the pace
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

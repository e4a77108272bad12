package io.tcpstack.tun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.IovArray;
import io.tcpstack.link.LinkOffloads;
import io.tcpstack.link.OffloadedPacket;
import io.tcpstack.link.ValidatedPacket;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A Netty {@link io.netty.channel.Channel} over a {@link PacketDevice} (a TUN queue), driven by
 * Netty's epoll {@link IoEventLoop}. Inbound messages are {@link ByteBuf}s holding one packet
 * each; outbound messages are {@link ByteBuf}s written as one packet each.
 *
 * <p>Per EPOLLIN wake-up (edge-triggered) the channel reads packets until the descriptor reports
 * EAGAIN, at most {@link #READ_BATCH} of them before it yields to other work and re-schedules
 * itself; {@code channelReadComplete} follows each batch, so handlers flush their output once per
 * batch. A write that meets EAGAIN waits for EPOLLOUT.
 *
 * <p>With offloads ({@link TunDevice#offloads()}) every packet crosses the descriptor behind a
 * {@link VirtioNetHeader}, which stays inside this class: a packet read with a checksum the kernel
 * vouches for goes up as a {@link ValidatedPacket} (a super-segment of up to 64 KB among them),
 * any other as a plain {@link ByteBuf}; an {@link OffloadedPacket} written goes down with the
 * header that asks the kernel to checksum and segment it, a plain {@link ByteBuf} with an empty one.
 *
 * <p>Closing the channel closes the device (and so removes a TUN interface this process created).
 */
public final class TunChannel extends AbstractChannel {
    /** Packets read per wake-up before the loop yields to other tasks. */
    static final int READ_BATCH = 64;
    /** A packet that fills less than this share of its receive buffer is copied into a fitting one, the big one reused. */
    private static final int COPY_BELOW_DIVISOR = 4;
    private static final ChannelMetadata METADATA = new ChannelMetadata(false);

    /** The device; owned by this channel, closed in {@link #doClose()}. */
    private final PacketDevice device;
    /** Netty's view of {@link #device}'s descriptor for its native read/write calls; never closed by Netty. */
    private final FileDescriptor fd;
    /** Capacity of each receive buffer: no packet read is longer (a longer one would be truncated), virtio header included. */
    private final int readCapacity;
    /** Packets carry a {@link VirtioNetHeader} in both directions (the device has offloads). */
    private final boolean vnetHeader;
    /** The virtio header of the packet being written (written synchronously, so one suffices); null without {@link #vnetHeader}. */
    private final ByteBuf outHeader;
    /** Written on the loop, read anywhere. */
    private final TunCounters counters = new TunCounters();
    private final ChannelConfig config = new DefaultChannelConfig(this);
    /** Task that continues reading after a full batch; one instance, scheduled at most once at a time. */
    private final Runnable continueReading = this::readBatch;

    /** The epoll registration, set once {@link #doRegister(ChannelPromise)} succeeds; loop thread only. */
    private IoRegistration registration;
    /** The epoll interest set last submitted; loop thread only. */
    private EpollIoOps ops = EpollIoOps.NONE;
    /** Scatter/gather array for buffers made of several pieces; allocated on first use. */
    private IovArray iov;
    /** A receive buffer the last read left empty (EAGAIN), reused by the next one; loop thread only. */
    private ByteBuf spare;
    private volatile boolean open = true;

    /**
     * A channel without virtio header (a device without offloads).
     *
     * @param device        the device to read and write; this channel takes ownership
     * @param maxPacketSize the largest packet the device delivers (the interface MTU)
     */
    public TunChannel(PacketDevice device, int maxPacketSize) {
        this(device, maxPacketSize, LinkOffloads.NONE);
    }

    /**
     * @param device        the device to read and write; this channel takes ownership
     * @param maxPacketSize the largest packet the device delivers: the interface MTU, or without offloads
     *                      {@link LinkOffloads#MAX_PACKET} with them (super-segments)
     * @param offloads      what the device was opened with; anything but none means a virtio header on every packet
     */
    public TunChannel(PacketDevice device, int maxPacketSize, LinkOffloads offloads) {
        super(null);
        this.device = device;
        this.fd = new FileDescriptor(device.fd());
        this.vnetHeader = offloads.checksum();
        this.readCapacity = maxPacketSize + (vnetHeader ? VirtioNetHeader.LENGTH : 0);
        this.outHeader = vnetHeader ? Unpooled.directBuffer(VirtioNetHeader.LENGTH) : null;
    }

    /** Packets read as super-segments (the kernel's GSO/GRO). */
    public long superSegmentsIn() {
        return counters.get(TunCounters.Counter.SUPER_SEGMENTS_IN);
    }

    /** Packets written as super-segments for the kernel to cut (TSO). */
    public long superSegmentsOut() {
        return counters.get(TunCounters.Counter.SUPER_SEGMENTS_OUT);
    }

    /** This channel's counters; any thread. */
    public TunCounters counters() {
        return counters;
    }

    public PacketDevice device() {
        return device;
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new TunUnsafe();
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return loop instanceof IoEventLoop ioLoop && ioLoop.isCompatible(TunUnsafe.class);
    }

    @Override
    protected SocketAddress localAddress0() {
        return null;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return null;
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        ((IoEventLoop) eventLoop()).register((TunUnsafe) unsafe()).addListener(f -> {
            if (f.isSuccess()) {
                registration = (IoRegistration) f.getNow();
                promise.setSuccess();
            } else {
                promise.setFailure(f.cause());
            }
        });
    }

    @Override
    protected void doDeregister() {
        if (registration != null) {
            registration.cancel();
            registration = null;
            ops = EpollIoOps.NONE;
        }
    }

    @Override
    protected void doBeginRead() {
        interest(ops.with(EpollIoOps.EPOLLIN));
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a TUN channel has no address to bind");
    }

    @Override
    protected void doDisconnect() throws Exception {
        doClose();
    }

    @Override
    protected void doClose() {
        open = false;
        doDeregister();
        if (iov != null) {
            iov.release();
            iov = null;
        }
        if (spare != null) {
            spare.release();
            spare = null;
        }
        if (outHeader != null) {
            outHeader.release();
        }
        device.close();
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf || (vnetHeader && msg instanceof OffloadedPacket)) {
            return msg;
        }
        throw new UnsupportedOperationException("this TUN channel writes ByteBuf packets"
                + (vnetHeader ? " and offloaded packets" : "") + ", not " + msg.getClass().getName());
    }

    /**
     * Writes each queued buffer as one packet. A packet the device rejects (for example EINVAL
     * for bytes that are not an IP packet, EIO while the link is down) fails its own promise only.
     */
    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        int count = 0;
        for (Object msg; (msg = in.current()) != null; ) {
            ByteBuf packet = msg instanceof OffloadedPacket offloaded ? offloaded.content() : (ByteBuf) msg;
            long written;
            try {
                written = vnetHeader ? writeWithHeader(msg, packet) : writePacket(packet);
            } catch (IOException e) {
                in.remove(e);
                continue;
            }
            if (written == 0 && packet.isReadable()) {
                countBatch(TunCounters.Counter.WRITE_BATCHES, TunCounters.Counter.PACKETS_WRITTEN, count);
                interest(ops.with(EpollIoOps.EPOLLOUT));
                return;
            }
            in.remove();
            count++;
        }
        countBatch(TunCounters.Counter.WRITE_BATCHES, TunCounters.Counter.PACKETS_WRITTEN, count);
        if (ops.contains(EpollIoOps.EPOLLOUT)) {
            interest(ops.without(EpollIoOps.EPOLLOUT));
        }
    }

    /**
     * One writev(2) of the virtio header and the packet: returns 0 on EAGAIN. The header asks the
     * kernel to finish an {@link OffloadedPacket} and to take any other packet as it is.
     */
    private long writeWithHeader(Object msg, ByteBuf packet) throws IOException {
        int length = packet.readableBytes();
        if (length == 0) {
            return 0;
        }
        if (msg instanceof OffloadedPacket offloaded) {
            VirtioNetHeader.write(outHeader, 0, offloaded);
        } else {
            VirtioNetHeader.writePlain(outHeader, 0);
        }
        if (iov == null) {
            iov = new IovArray();
        }
        iov.clear();
        long written;
        if (packet.isDirect() && iov.add(outHeader, 0, VirtioNetHeader.LENGTH) && iov.add(packet, packet.readerIndex(), length)) {
            written = fd.writevAddresses(iov.memoryAddress(0), iov.count());
        } else {
            ByteBuf copy = alloc().directBuffer(VirtioNetHeader.LENGTH + length);
            try {
                copy.writeBytes(outHeader, 0, VirtioNetHeader.LENGTH).writeBytes(packet, packet.readerIndex(), length);
                written = fd.writeAddress(copy.memoryAddress(), 0, copy.writerIndex());
            } finally {
                copy.release();
            }
        }
        if (written > 0 && msg instanceof OffloadedPacket offloaded && offloaded.segmentSize() > 0) {
            counters.increment(TunCounters.Counter.SUPER_SEGMENTS_OUT);
        }
        return written;
    }

    /** One write(2)/writev(2) of the whole packet: returns 0 on EAGAIN. */
    private long writePacket(ByteBuf packet) throws IOException {
        int length = packet.readableBytes();
        if (length == 0) {
            return 0;
        }
        if (packet.hasMemoryAddress()) {
            return fd.writeAddress(packet.memoryAddress(), packet.readerIndex(), packet.writerIndex());
        }
        if (packet.isDirect() && packet.nioBufferCount() == 1) {
            ByteBuffer nio = packet.internalNioBuffer(packet.readerIndex(), length);
            return fd.write(nio, nio.position(), nio.limit());
        }
        if (packet.isDirect()) {
            if (iov == null) {
                iov = new IovArray();
            }
            iov.clear();
            if (iov.add(packet, packet.readerIndex(), length)) {
                return fd.writevAddresses(iov.memoryAddress(0), iov.count());
            }
        }
        return writeCopy(packet, length);
    }

    /** Heap buffers (and composites with heap parts or too many parts for one writev) go through a direct copy. */
    private long writeCopy(ByteBuf packet, int length) throws IOException {
        ByteBuf copy = alloc().directBuffer(length);
        try {
            copy.writeBytes(packet, packet.readerIndex(), length);
            ByteBuffer nio = copy.internalNioBuffer(0, length);
            return fd.write(nio, nio.position(), nio.limit());
        } finally {
            copy.release();
        }
    }

    /** Counts a read or write batch of {@code packets} packets, if it had any: two counter writes per batch. */
    private void countBatch(TunCounters.Counter batches, TunCounters.Counter packetCounter, int packets) {
        if (packets > 0) {
            counters.increment(batches);
            counters.add(packetCounter, packets);
        }
    }

    /**
     * Reads up to {@link #READ_BATCH} packets; re-schedules itself when the batch filled up, as
     * the edge-triggered descriptor will not signal again for packets already queued.
     */
    private void readBatch() {
        if (!open) {
            return;
        }
        ChannelPipeline pipeline = pipeline();
        ByteBufAllocator alloc = alloc();
        int count = 0;
        boolean drained = false;
        try {
            while (count < READ_BATCH) {
                ByteBuf packet = spare != null ? spare : alloc.directBuffer(readCapacity);
                spare = null;
                int n;
                try {
                    n = readPacket(packet);
                } catch (IOException | RuntimeException e) {
                    packet.release();
                    throw e;
                }
                if (n <= 0) {
                    spare = packet;
                    drained = true;
                    break;
                }
                packet.writerIndex(n);
                count++;
                pipeline.fireChannelRead(received(packet, alloc));
            }
        } catch (IOException e) {
            // A read error on a TUN queue is not about one packet: the device is gone or broken.
            if (count > 0) {
                pipeline.fireChannelReadComplete();
            }
            pipeline.fireExceptionCaught(e);
            unsafe().close(voidPromise());
            return;
        }
        countBatch(TunCounters.Counter.READ_BATCHES, TunCounters.Counter.PACKETS_READ, count);
        if (count > 0) {
            pipeline.fireChannelReadComplete();
        }
        if (!drained && open) {
            eventLoop().execute(continueReading);
        }
    }

    /**
     * What goes up the pipeline for a buffer just read: the packet (in a fitting copy when it
     * is small, the big buffer then kept for the next read), without the virtio header, as a
     * {@link ValidatedPacket} when that header vouches for its checksum.
     */
    private Object received(ByteBuf buffer, ByteBufAllocator alloc) {
        boolean trusted = false;
        if (vnetHeader) {
            trusted = VirtioNetHeader.checksumTrusted(buffer, 0);
            if (VirtioNetHeader.gsoType(buffer, 0) != VirtioNetHeader.GSO_NONE) {
                counters.increment(TunCounters.Counter.SUPER_SEGMENTS_IN);
            }
            buffer.readerIndex(Math.min(VirtioNetHeader.LENGTH, buffer.writerIndex()));
        }
        ByteBuf packet = buffer;
        if (buffer.readableBytes() < readCapacity / COPY_BELOW_DIVISOR) {
            // A retained slice of a small packet would pin the whole buffer (the receive queue keeps slices).
            packet = alloc.directBuffer(buffer.readableBytes()).writeBytes(buffer);
            spare = buffer.clear();
        }
        return trusted ? new ValidatedPacket(packet) : packet;
    }

    /** One read(2): the packet length, 0 on EAGAIN. */
    private int readPacket(ByteBuf packet) throws IOException {
        if (packet.hasMemoryAddress()) {
            return fd.readAddress(packet.memoryAddress(), 0, packet.capacity());
        }
        ByteBuffer nio = packet.internalNioBuffer(0, packet.capacity());
        return fd.read(nio, nio.position(), nio.limit());
    }

    private void interest(EpollIoOps wanted) {
        if (wanted.equals(ops)) {
            return;
        }
        ops = wanted;
        if (registration != null) {
            registration.submit(wanted.with(EpollIoOps.EPOLLET));
        }
    }

    @Override
    public String toString() {
        return "[" + device.name() + "]";
    }

    private final class TunUnsafe extends AbstractUnsafe implements EpollIoHandle {
        @Override
        public FileDescriptor fd() {
            return fd;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            EpollIoOps ready = ((EpollIoEvent) event).ops();
            boolean error = ready.contains(EpollIoOps.EPOLLERR);
            if (ready.contains(EpollIoOps.EPOLLOUT) || error) {
                // Writable again: write what waited (doWrite drops EPOLLOUT once the queue is empty).
                super.flush0();
            }
            if (ready.contains(EpollIoOps.EPOLLIN) || error) {
                readBatch();
            }
        }

        @Override
        protected void flush0() {
            // While waiting for EPOLLOUT the device is full: the wake-up will flush.
            if (!ops.contains(EpollIoOps.EPOLLOUT)) {
                super.flush0();
            }
        }

        @Override
        public void connect(SocketAddress remote, SocketAddress local, ChannelPromise promise) {
            promise.setFailure(new UnsupportedOperationException("a TUN channel does not connect"));
        }

        @Override
        public void close() {
            close(voidPromise());
        }
    }
}

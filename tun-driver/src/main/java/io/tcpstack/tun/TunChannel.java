package io.tcpstack.tun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * <p>Closing the channel closes the device (and so removes a TUN interface this process created).
 */
public final class TunChannel extends AbstractChannel {
    /** Packets read per wake-up before the loop yields to other tasks. */
    static final int READ_BATCH = 64;
    private static final ChannelMetadata METADATA = new ChannelMetadata(false);

    /** The device; owned by this channel, closed in {@link #doClose()}. */
    private final PacketDevice device;
    /** Netty's view of {@link #device}'s descriptor for its native read/write calls; never closed by Netty. */
    private final FileDescriptor fd;
    /** Capacity of each receive buffer: no packet read is longer (a longer one would be truncated). */
    private final int maxPacketSize;
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
     * @param device        the device to read and write; this channel takes ownership
     * @param maxPacketSize the largest packet the device delivers (the interface MTU)
     */
    public TunChannel(PacketDevice device, int maxPacketSize) {
        super(null);
        this.device = device;
        this.fd = new FileDescriptor(device.fd());
        this.maxPacketSize = maxPacketSize;
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
        device.close();
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf) {
            return msg;
        }
        throw new UnsupportedOperationException("a TUN channel writes ByteBuf packets, not "
                + msg.getClass().getName());
    }

    /**
     * Writes each queued buffer as one packet. A packet the device rejects (for example EINVAL
     * for bytes that are not an IP packet, EIO while the link is down) fails its own promise only.
     */
    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        for (ByteBuf packet; (packet = (ByteBuf) in.current()) != null; ) {
            long written;
            try {
                written = writePacket(packet);
            } catch (IOException e) {
                in.remove(e);
                continue;
            }
            if (written == 0 && packet.isReadable()) {
                interest(ops.with(EpollIoOps.EPOLLOUT));
                return;
            }
            in.remove();
        }
        if (ops.contains(EpollIoOps.EPOLLOUT)) {
            interest(ops.without(EpollIoOps.EPOLLOUT));
        }
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
                ByteBuf packet = spare != null ? spare : alloc.directBuffer(maxPacketSize);
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
                pipeline.fireChannelRead(packet);
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
        if (count > 0) {
            pipeline.fireChannelReadComplete();
        }
        if (!drained && open) {
            eventLoop().execute(continueReading);
        }
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

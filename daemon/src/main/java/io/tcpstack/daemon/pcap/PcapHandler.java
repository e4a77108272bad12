package io.tcpstack.daemon.pcap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Records every packet read from and written to the TUN into a pcap file (link type RAW: each
 * record is a bare IP packet). Sits at the bottom of the pipeline, next to the channel, and is
 * only added when a capture was asked for. The file is flushed at the end of every read batch
 * and every flush, and closed when the handler has left every pipeline (the channels closed).
 *
 * <p>One handler serves every queue of a multi-queue TUN: it sits in each queue's pipeline and
 * their event loops take turns at the one file (a lock per record; a capture is for looking, not
 * for speed), so the records of all queues are in one file in the order they were taken.
 */
@ChannelHandler.Sharable
public final class PcapHandler extends ChannelDuplexHandler {
    /** Longest packet recorded whole (the largest IPv4 packet). */
    static final int SNAPLEN = PcapFile.SNAPLEN;

    /** Open until the last {@link #handlerRemoved}; used under its own lock by every queue's loop. */
    private final PcapFile file;
    /** Pipelines the handler is in; guarded by {@link #file}. */
    private int pipelines;

    private PcapHandler(PcapFile file) {
        this.file = file;
    }

    /**
     * Creates (or truncates) the capture file.
     *
     * @throws PcapException with a one-line reason when libpcap is missing or the file cannot be written
     */
    public static PcapHandler open(Path file) throws PcapException {
        return new PcapHandler(PcapFile.open(file));
    }

    public Path file() {
        return file.path();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        record(msg);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        flushFile();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        record(msg);
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) throws Exception {
        flushFile();
        ctx.flush();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        synchronized (file) {
            pipelines++;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        synchronized (file) {
            if (--pipelines == 0) {
                file.close();
            }
        }
    }

    private void flushFile() throws Exception {
        synchronized (file) {
            if (pipelines > 0) {
                file.flush();
            }
        }
    }

    private void record(Object msg) throws Exception {
        ByteBuf packet = msg instanceof ByteBufHolder holder ? holder.content() : msg instanceof ByteBuf buf ? buf : null;
        if (packet != null) { // a super-segment is recorded as one packet, as tcpdump shows it on an offloading device
            byte[] bytes = ByteBufUtil.getBytes(packet, packet.readerIndex(),
                    Math.min(packet.readableBytes(), SNAPLEN), false);
            synchronized (file) {
                if (pipelines > 0) {
                    file.write(bytes, Timestamp.from(Instant.now()));
                }
            }
        }
    }
}

package io.tcpstack.daemon;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Last handler of the pipeline: one log line per exception, the stack trace only at debug level. */
@Sharable
final class ExceptionLogger extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ExceptionLogger.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (LOG.isDebugEnabled()) {
            LOG.warn("{}: {}", ctx.channel(), cause.toString(), cause);
        } else {
            LOG.warn("{}: {}", ctx.channel(), cause.toString());
        }
    }
}

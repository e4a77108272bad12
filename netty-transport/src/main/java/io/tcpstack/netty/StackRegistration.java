package io.tcpstack.netty;

import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.tcpstack.core.NetworkStack;

/**
 * A channel's registration with its loop's {@link TcpStackIoHandler}, and the stack it brings:
 * the one piece of registering that the socket and the server channel share.
 */
final class StackRegistration {
    private IoRegistration registration;

    /** True for a loop whose handler takes tcpstack channels (a loop of a {@link TcpStack}). */
    static boolean compatible(EventLoop loop, Class<? extends TcpStackIoHandle> handleType) {
        return loop instanceof IoEventLoop ioLoop && ioLoop.isCompatible(handleType);
    }

    /**
     * Registers {@code handle} with {@code loop}; on success hands the loop's stack to
     * {@code registered}, which may refuse it by throwing, and completes {@code promise}.
     */
    void register(EventLoop loop, TcpStackIoHandle handle, ChannelPromise promise,
                  java.util.function.Consumer<NetworkStack> registered) {
        ((IoEventLoop) loop).register(handle).addListener(f -> {
            if (!f.isSuccess()) {
                promise.setFailure(f.cause());
                return;
            }
            IoRegistration r = (IoRegistration) f.getNow();
            try {
                registered.accept(r.attachment());
            } catch (RuntimeException refused) {
                r.cancel();
                promise.setFailure(refused);
                return;
            }
            registration = r;
            promise.setSuccess();
        });
    }

    /** Cancels the registration, if any. */
    void deregister() {
        IoRegistration r = registration;
        if (r != null) {
            registration = null;
            r.cancel();
        }
    }
}

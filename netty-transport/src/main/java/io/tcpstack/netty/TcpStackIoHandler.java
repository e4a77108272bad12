package io.tcpstack.netty;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;
import io.tcpstack.core.NetworkStack;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link IoHandler} of an event loop that runs a stack: it hands the loop's waiting and the
 * link's I/O (the TUN fd) to a {@code link} handler ({@code EpollIoHandler} for a TUN,
 * {@code LocalIoHandler} when the stack has no fd at all) and registers the stack's own channels
 * ({@link TcpStackIoHandle}) itself, the way {@code LocalIoHandler} does for in-JVM channels:
 * their I/O is the stack's TCP upcalls, which already run on this loop, so there is nothing to
 * poll. A registration's {@link IoRegistration#attachment() attachment} is the loop's
 * {@link NetworkStack}.
 *
 * <p>Shutting the loop down closes every registered channel ({@link TcpStackIoHandle#closeNow}).
 */
public final class TcpStackIoHandler implements IoHandler {
    private final IoHandler link;
    private final ThreadAwareExecutor executor;
    /** Channels registered here; loop-confined. */
    private final Set<TcpStackIoHandle> handles = new HashSet<>();
    /** The stack on this loop; set once, before any channel registers. */
    private volatile NetworkStack stack;

    private TcpStackIoHandler(IoHandler link, ThreadAwareExecutor executor) {
        this.link = link;
        this.executor = executor;
    }

    /**
     * A factory of handlers that pass the link's I/O to handlers from {@code link} (such as
     * {@code EpollIoHandler.newFactory()}), for an event-loop group whose loops each run a stack
     * built by the application: once the stack of a loop exists, {@link #attach} it to the
     * loop's handler; from then on {@link TcpStackServerSocketChannel}s and
     * {@link TcpStackSocketChannel}s register with that loop and use its stack.
     *
     * @param created told of each handler made, with the loop it serves (the executor is the
     *                loop), on the thread that builds the group
     */
    public static IoHandlerFactory newFactory(IoHandlerFactory link, java.util.function.BiConsumer<ThreadAwareExecutor,
            TcpStackIoHandler> created) {
        Objects.requireNonNull(link, "link");
        return executor -> {
            TcpStackIoHandler handler = new TcpStackIoHandler(link.newHandler(executor), executor);
            created.accept(executor, handler);
            return handler;
        };
    }

    /**
     * Attaches the stack that runs on this loop, before any tcpstack channel registers with it;
     * the stack must run on this very loop.
     */
    public void attach(NetworkStack networkStack) {
        this.stack = networkStack;
    }

    @Override
    public void initialize() {
        link.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
        return link.run(context);
    }

    @Override
    public void wakeup() {
        link.wakeup();
    }

    @Override
    public void prepareToDestroy() {
        for (TcpStackIoHandle handle : handles.toArray(TcpStackIoHandle[]::new)) {
            handle.closeNow();
        }
        handles.clear();
        link.prepareToDestroy();
    }

    @Override
    public void destroy() {
        link.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        if (!(handle instanceof TcpStackIoHandle own)) {
            return link.register(handle);
        }
        NetworkStack networkStack = stack;
        if (networkStack == null) {
            throw new IllegalStateException("this event loop runs no stack yet (TcpStack.start() attaches it)");
        }
        if (!handles.add(own)) {
            throw new IllegalStateException("already registered: " + handle);
        }
        own.registered();
        return new Registration(own, networkStack);
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return TcpStackIoHandle.class.isAssignableFrom(handleType) || link.isCompatible(handleType);
    }

    /** One channel's registration: valid until cancelled, carries the stack. */
    private final class Registration implements IoRegistration {
        private final TcpStackIoHandle handle;
        private final NetworkStack networkStack;
        private volatile boolean valid = true;

        Registration(TcpStackIoHandle handle, NetworkStack networkStack) {
            this.handle = handle;
            this.networkStack = networkStack;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T attachment() {
            return (T) networkStack;
        }

        /** The stack's channels have no readiness to ask for: their events are the TCP upcalls. */
        @Override
        public long submit(IoOps ops) {
            throw new UnsupportedOperationException("tcpstack channels have no I/O operations to submit");
        }

        @Override
        public boolean isValid() {
            return valid;
        }

        @Override
        public boolean cancel() {
            if (!valid) {
                return false;
            }
            valid = false;
            if (executor.isExecutorThread(Thread.currentThread())) {
                unregister();
            } else {
                executor.execute(this::unregister);
            }
            return true;
        }

        private void unregister() {
            if (handles.remove(handle)) {
                handle.unregistered();
            }
        }
    }
}

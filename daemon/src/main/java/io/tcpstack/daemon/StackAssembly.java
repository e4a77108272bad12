package io.tcpstack.daemon;

import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ThreadAwareExecutor;
import io.tcpstack.core.NetworkStack;
import io.tcpstack.core.fault.FaultInjector;
import io.tcpstack.core.fault.FaultSpec;
import io.tcpstack.core.ip.Ipv4Config;
import io.tcpstack.core.tcp.FlowSteering;
import io.tcpstack.core.tcp.SharedLimits;
import io.tcpstack.core.tcp.TcpConfig;
import io.tcpstack.core.time.Clock;
import io.tcpstack.core.time.EventLoopTimerScheduler;
import io.tcpstack.daemon.pcap.PcapHandler;
import io.tcpstack.link.LinkOffloads;
import io.tcpstack.netty.TcpStackIoHandler;
import io.tcpstack.tun.InterfaceConfigurator;
import io.tcpstack.tun.Ipv4Text;
import io.tcpstack.tun.TunChannel;
import io.tcpstack.tun.TunDevice;
import io.tcpstack.tun.TunException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the running stack: the TUN interface (created and configured, or attached), one epoll
 * event loop per TUN queue ({@code --queues}, one per processor by default) that also runs the
 * queue's stack's Netty channels ({@link TcpStackIoHandler}), and per queue the channel
 * pipeline, bottom to top:
 * {@code TunChannel -> [PcapHandler] -> [FaultInjector] -> NetworkStack (IPv4, ICMP, TCP) -> ExceptionLogger}:
 * the capture records what crosses the TUN, the stack sees what the injector lets through.
 */
final class StackAssembly {
    private static final Logger LOG = LoggerFactory.getLogger(StackAssembly.class);

    private StackAssembly() {
    }

    static RunningStack start(StackSettings settings) throws Exception {
        boolean offload = settings.offload() && settings.fault() == null;
        List<TunDevice> devices = openDevices(settings, offload);
        TunDevice device = devices.get(0);
        int mtu;
        PcapHandler pcap;
        try {
            mtu = device.created() ? configure(device, settings) : attachedMtu(device, settings);
            pcap = settings.pcap() == null ? null : PcapHandler.open(settings.pcap());
        } catch (Exception e) {
            devices.forEach(TunDevice::close);
            throw e;
        }
        // tcpstack's IoHandler around epoll's: each loop also runs its stack's Netty channels (the HTTP service)
        Map<ThreadAwareExecutor, TcpStackIoHandler> handlers = new ConcurrentHashMap<>();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(devices.size(), new DefaultThreadFactory("tcpstack-loop"),
                TcpStackIoHandler.newFactory(EpollIoHandler.newFactory(), handlers::put));
        Iterator<EventExecutor> loopIterator = loops.iterator();
        List<StackQueue> queues = new ArrayList<>(devices.size());
        SharedLimits limits = new SharedLimits(settings.tcp(), Clock.SYSTEM, devices.size());
        for (int i = 0; i < devices.size(); i++) {
            TcpConfig perQueue = settings.tcp().toBuilder().steering(new FlowSteering(i, devices.size())).build();
            // each queue's injector draws its own numbers: the spec's seed plus the queue's number
            FaultSpec fault = settings.fault() == null ? null : settings.fault().withSeed(settings.fault().seed() + i);
            EventLoop loop = (EventLoop) loopIterator.next();
            StackQueue queue = queue(devices.get(i), loop, mtu, pcap, fault, perQueue, limits, settings);
            handlers.get(loop).attach(queue.stack());
            queues.add(queue);
        }
        LinkOffloads offloads = device.offloads();
        String description = "interface " + device.name() + " "
                + (device.created() ? "created" : "attached (kernel-side configuration left as is)")
                + (devices.size() == 1 ? "" : " with " + devices.size() + " queues, one stack each")
                + ", stack " + settings.address() + ", peer " + Ipv4Text.format(settings.peer())
                + (device.created() ? "" : " (not configured)") + ", mtu " + mtu
                + ", offload " + offloads + offloadNote(settings, device)
                + (settings.pcap() == null ? "" : ", pcap " + settings.pcap())
                + (settings.fault() == null ? "" : ", faults " + settings.fault());
        return new RunningStack(queues, device, loops, description);
    }

    /**
     * The TUN's queues: {@code settings.queues()} of them, steered by {@link io.tcpstack.link.FlowHash};
     * one, with a one-line notice, when the kernel refuses a multi-queue interface or its steering.
     */
    private static List<TunDevice> openDevices(StackSettings settings, boolean offload) throws TunException {
        if (settings.queues() > 1) {
            try {
                return TunDevice.openQueues(settings.tun(), offload, settings.queues());
            } catch (TunException e) {
                LOG.warn("cannot run {} queues on {}, running one: {}", settings.queues(), settings.tun(), e.getMessage());
            }
        }
        return List.of(TunDevice.open(settings.tun(), offload));
    }

    /**
     * One queue's channel and stack, registered on {@code eventLoop}: the pipeline
     * {@code TunChannel -> [PcapHandler] -> [FaultInjector] -> NetworkStack -> ExceptionLogger};
     * {@code pcap} and {@code limits} are shared by all queues, {@code fault} and {@code tcp} are this queue's own.
     */
    private static StackQueue queue(TunDevice device, EventLoop eventLoop, int mtu, PcapHandler pcap,
                                    FaultSpec fault, TcpConfig tcp, SharedLimits limits, StackSettings settings) {
        LinkOffloads offloads = device.offloads();
        TunChannel channel = new TunChannel(device, offloads.tcpSegmentation() ? LinkOffloads.MAX_PACKET : mtu, offloads);
        ChannelPipeline pipeline = channel.pipeline();
        if (pcap != null) {
            pipeline.addLast("pcap", pcap);
        }
        if (fault != null) {
            FaultInjector injector = new FaultInjector(fault, new EventLoopTimerScheduler(eventLoop));
            pipeline.addLast("fault", injector);
            channel.closeFuture().addListener(f -> LOG.info("fault injector ({}): from the kernel {}, to the kernel {}",
                    fault, injector.inboundCounters(), injector.outboundCounters()));
        }
        NetworkStack stack = new NetworkStack(new Ipv4Config(settings.address().address(),
                settings.address().prefixLength(), mtu), offloads, tcp, limits, eventLoop);
        pipeline.addLast("stack", stack.handler());
        pipeline.addLast("exceptions", new ExceptionLogger());
        eventLoop.register(channel).syncUninterruptibly();
        return new StackQueue(channel, stack);
    }

    /** Why offloads are off, in parentheses, or nothing when they are on. */
    private static String offloadNote(StackSettings settings, TunDevice device) {
        if (!settings.offload()) {
            return " (--offload none)";
        }
        if (settings.fault() != null) {
            return " (--fault impairs single packets)";
        }
        return device.offloadRefusal() == null ? "" : " (" + device.offloadRefusal() + ")";
    }

    /** A new interface: MTU, the kernel side's address and prefix, link up. */
    private static int configure(TunDevice device, StackSettings settings) throws TunException {
        try (InterfaceConfigurator config = new InterfaceConfigurator()) {
            config.configure(device.name(), settings.mtu(), settings.peer(), settings.address().prefixLength());
        }
        return settings.mtu();
    }

    /** An existing interface keeps its MTU: the stack adopts it. */
    private static int attachedMtu(TunDevice device, StackSettings settings) throws TunException {
        int mtu;
        try (InterfaceConfigurator config = new InterfaceConfigurator()) {
            mtu = config.mtu(device.name());
        }
        if (settings.mtuExplicit() && mtu != settings.mtu()) {
            LOG.warn("interface {} has MTU {}; --mtu {} is ignored for an attached interface",
                    device.name(), mtu, settings.mtu());
        }
        return mtu;
    }
}

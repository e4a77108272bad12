package io.tcpstack.daemon.services;

import io.tcpstack.daemon.services.iperf.IperfTests;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the services of every queue of one stack share, so that each service is one service
 * however many event loops run it: the iperf3 test that runs (its control connection and streams
 * may land on different queues) and each service's {@link ServiceCounters}, which hold its
 * connection cap. Thread-safe.
 */
public final class SharedServices {
    private final IperfTests iperfTests = new IperfTests();
    private final Map<ServiceSpec, ServiceCounters> counters = new ConcurrentHashMap<>();

    IperfTests iperfTests() {
        return iperfTests;
    }

    /** The counters of the service {@code spec} starts, the same for every queue. */
    ServiceCounters counters(ServiceSpec spec) {
        return counters.computeIfAbsent(spec, s -> new ServiceCounters());
    }
}

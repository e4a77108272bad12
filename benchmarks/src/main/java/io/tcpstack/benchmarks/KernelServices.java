package io.tcpstack.benchmarks;

import io.tcpstack.daemon.services.ConnectionTable;
import io.tcpstack.daemon.services.JdkStreamNetwork;
import io.tcpstack.daemon.services.ServiceSpec;
import io.tcpstack.daemon.services.ServiceSpec.Kind;
import io.tcpstack.daemon.services.Services;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The kernel reference's server: the daemon's HTTP (port 80) and echo (port 7) services on the
 * kernel's TCP, until the process is terminated. Usage: {@code KernelServices}.
 */
public final class KernelServices {
    private KernelServices() {
    }

    public static void main(String[] args) throws Exception {
        List<ServiceSpec> specs = List.of(ServiceSpec.of(Kind.HTTP, 80), ServiceSpec.of(Kind.ECHO, 7));
        Services services = Services.start(new JdkStreamNetwork(null), specs, ConnectionTable.NONE);
        Runtime.getRuntime().addShutdownHook(new Thread(services::close));
        new CountDownLatch(1).await(); // serves until SIGTERM
    }
}

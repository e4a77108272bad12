package io.tcpstack.it.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HealthCheck;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The stack as a routed host between containers, on one internal Docker network (no route to the
 * outside):
 *
 * <pre>
 *   client (172.29.0.x) ──network── daemon container's kernel (172.29.0.y, ip_forward=1)
 *                                    ──TUN tcps0── the userspace stack (172.29.100.2)
 * </pre>
 *
 * The stack's subnet lies inside the network's subnet but outside the range Docker assigns
 * container addresses from: an internal Docker network drops bridged packets whose source or
 * destination is outside its subnet. The daemon container counts as started when its health
 * check (the stack answers ping) passes.
 */
final class RoutedStack implements AutoCloseable {

    /** The stack's own address on the TUN. */
    static final String STACK_ADDRESS = "172.29.100.2";
    /** The subnet the stack shares with the daemon container's kernel over the TUN. */
    static final String STACK_SUBNET = "172.29.100.0/24";
    /** The Docker network's subnet; it contains {@link #STACK_SUBNET}. */
    private static final String NETWORK_SUBNET = "172.29.0.0/16";
    /** Where Docker takes container addresses from: disjoint from {@link #STACK_SUBNET}. */
    private static final String CONTAINER_RANGE = "172.29.0.0/24";
    private static final String TUN = "tcps0";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    /** The internal network both containers are on; removed by {@link #close()}. */
    private final Network network;
    /** Runs {@code tcpstack run}; started and healthy once the constructor returns. */
    private final GenericContainer<?> daemon;
    /** A shell with the route to {@link #STACK_SUBNET} via the daemon container. */
    private final GenericContainer<?> client;

    private RoutedStack(Network network, GenericContainer<?> daemon, GenericContainer<?> client) {
        this.network = network;
        this.daemon = daemon;
        this.client = client;
    }

    /** Starts the network, the daemon container and the client container with its route. */
    static RoutedStack start() {
        Network network = internalNetwork();
        GenericContainer<?> daemon = null;
        GenericContainer<?> client = null;
        try {
            daemon = daemonContainer(network);
            daemon.start();
            client = clientContainer(network);
            client.start();
            RoutedStack stack = new RoutedStack(network, daemon, client);
            stack.routeClientViaDaemon();
            return stack;
        } catch (RuntimeException | AssertionError e) {
            stopAll(client, daemon, network);
            throw e;
        }
    }

    /** @return the daemon container */
    GenericContainer<?> daemon() {
        return daemon;
    }

    /** Runs a command in the daemon container (the kernel on the TUN's other side). */
    ExecResult inDaemon(String... command) {
        return exec(daemon, command);
    }

    /** Runs a command in the client container (reaches the stack through the daemon container). */
    ExecResult inClient(String... command) {
        return exec(client, command);
    }

    /** Runs a shell command line in the client container. */
    ExecResult inClientShell(String commandLine) {
        return inClient("/bin/sh", "-ec", commandLine);
    }

    /**
     * Stops the daemon container the way {@code docker stop} does: SIGTERM, then SIGKILL if it is
     * still running after {@code graceSeconds}.
     *
     * @return how the daemon ended
     */
    Stopped stopDaemon(int graceSeconds) {
        String id = daemon.getContainerId();
        daemon.getDockerClient().stopContainerCmd(id).withTimeout(graceSeconds).exec();
        Long exitCode = daemon.getDockerClient().inspectContainerCmd(id).exec().getState().getExitCodeLong();
        return new Stopped(exitCode == null ? -1 : exitCode, daemon.getLogs());
    }

    /** How a stopped daemon ended: its exit code (137 after SIGKILL) and everything it logged. */
    record Stopped(long exitCode, String logs) {
    }

    @Override
    public void close() {
        stopAll(client, daemon, network);
    }

    private static Network internalNetwork() {
        return Network.builder()
                .createNetworkCmdModifier(cmd -> cmd.withInternal(true).withIpam(new com.github.dockerjava.api.model.Network.Ipam()
                        .withConfig(new com.github.dockerjava.api.model.Network.Ipam.Config()
                                .withSubnet(NETWORK_SUBNET)
                                .withIpRange(CONTAINER_RANGE))))
                .build();
    }

    private static GenericContainer<?> daemonContainer(Network network) {
        return new GenericContainer<>(DaemonImage.name())
                .withNetwork(network)
                .withCommand("run", "--tun", TUN, "--address", STACK_ADDRESS + "/24")
                .withCreateContainerCmdModifier(cmd -> {
                    withNetAdmin(cmd);
                    cmd.getHostConfig()
                            .withDevices(Device.parse("/dev/net/tun"))
                            .withSysctls(Map.of("net.ipv4.ip_forward", "1"));
                })
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(STARTUP_TIMEOUT));
    }

    private static GenericContainer<?> clientContainer(Network network) {
        return new GenericContainer<>(DaemonImage.name())
                .withNetwork(network)
                .withCreateContainerCmdModifier(cmd -> {
                    withNetAdmin(cmd);
                    cmd.withEntrypoint("sleep", "infinity")
                            .withCmd(List.of())
                            .withHealthcheck(new HealthCheck().withTest(List.of("NONE")));
                });
    }

    private static void withNetAdmin(CreateContainerCmd cmd) {
        cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN);
    }

    private void routeClientViaDaemon() {
        ExecResult route = inClient("ip", "route", "add", STACK_SUBNET, "via", daemonAddress());
        assertThat(route.getExitCode()).as("ip route add in the client: %s", route.getStderr()).isZero();
    }

    /** @return the daemon container's address on {@link #network} */
    private String daemonAddress() {
        InspectContainerResponse info = daemon.getContainerInfo();
        return info.getNetworkSettings().getNetworks().values().stream()
                .filter(endpoint -> network.getId().equals(endpoint.getNetworkID()))
                .map(ContainerNetwork::getIpAddress)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the daemon container is not on network " + network.getId()));
    }

    private static ExecResult exec(GenericContainer<?> container, String... command) {
        try {
            return container.execInContainer(command);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command), e);
        }
    }

    private static void stopAll(GenericContainer<?> client, GenericContainer<?> daemon, Network network) {
        if (client != null) {
            client.stop();
        }
        if (daemon != null) {
            daemon.stop();
        }
        network.close();
    }
}

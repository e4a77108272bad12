package io.tcpstack.it.containers;

import static io.tcpstack.it.containers.RoutedStack.STACK_ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The daemon image in Docker: it runs with NET_ADMIN and /dev/net/tun, creates its TUN, answers
 * ICMP echo inside its own container and, with that container's kernel as a router, from a second
 * container; SIGTERM stops it cleanly. The TCP services are covered by {@link ContainerTcpIT}.
 */
@ExtendWith(RequiresDocker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerIT {

    private static RoutedStack stack;

    @BeforeAll
    static void startStack() {
        stack = RoutedStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void daemonCreatesItsTunWithTheKernelSideAddress() {
        ExecResult link = stack.inDaemon("ip", "-4", "-o", "address", "show", "dev", "tcps0");

        assertThat(link.getExitCode()).as(link.getStderr()).isZero();
        assertThat(link.getStdout()).contains("inet 172.29.100.1/24");
    }

    @Test
    @Order(2)
    void stackAnswersPingInsideItsOwnContainer() {
        assertAllRepliesArrive(stack.inDaemon("ping", "-n", "-c", "3", "-W", "2", STACK_ADDRESS));
    }

    @Test
    @Order(3)
    void secondContainerReachesTheStackThroughTheDaemonContainer() {
        ExecResult route = stack.inClient("ip", "route", "get", STACK_ADDRESS);
        assertThat(route.getStdout()).as("the client's route to the stack").contains(" via ");

        assertAllRepliesArrive(stack.inClient("ping", "-n", "-c", "3", "-W", "2", STACK_ADDRESS));
    }

    @Test
    @Order(4)
    void sigtermStopsTheDaemonCleanly() {
        RoutedStack.Stopped stopped = stack.stopDaemon(10);

        assertThat(stopped.exitCode()).as("exit code (137: killed after the grace period)\n%s", stopped.logs())
                .isZero();
        assertThat(stopped.logs()).contains("tcpstack stopped (SIGTERM)");
    }

    private static void assertAllRepliesArrive(ExecResult ping) {
        assertThat(ping.getStdout()).as("ping output (stderr: %s)", ping.getStderr())
                .contains("3 packets transmitted, 3 received");
        assertThat(ping.getExitCode()).isZero();
    }
}

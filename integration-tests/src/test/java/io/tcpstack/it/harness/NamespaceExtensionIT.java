package io.tcpstack.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.tcpstack.it.Commands;
import io.tcpstack.it.NamespaceTest;
import io.tcpstack.it.NetNs;
import io.tcpstack.it.TestArtifacts;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The JUnit extension deletes a test's namespace whatever the test's outcome. */
@NamespaceTest
class NamespaceExtensionIT {

    /** Runs {@code testClass} on a nested Jupiter engine and returns its test events. */
    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute().testEvents();
    }

    private static String namespaces() {
        return Commands.run(List.of("ip", "netns", "list")).requireSuccess().stdout();
    }

    @Test
    void namespaceOfAFailingTestIsDeleted() {
        Events events = run(FailingTest.class);

        events.assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(FailingTest.name).startsWith(NetNs.PREFIX);
        assertThat(namespaces()).doesNotContain(FailingTest.name);
    }

    @Test
    void namespaceOfATimedOutTestIsDeleted() {
        Events events = run(HangingTest.class);

        events.assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(HangingTest.name).startsWith(NetNs.PREFIX);
        assertThat(namespaces()).doesNotContain(HangingTest.name);
    }

    /** Fails after taking a namespace with a process in it. */
    @NamespaceTest
    static class FailingTest {
        static volatile String name;

        @Test
        void fails(NetNs ns, TestArtifacts artifacts) {
            name = ns.name();
            ns.spawn(artifacts.file("sleep.log"), "sleep", "600");
            throw new AssertionError("failing on purpose");
        }
    }

    /** Blocks until its timeout interrupts it. */
    @NamespaceTest
    static class HangingTest {
        static volatile String name;

        @Test
        @Timeout(value = 1, unit = TimeUnit.SECONDS)
        void hangs(NetNs ns) throws InterruptedException {
            name = ns.name();
            new CountDownLatch(1).await();
        }
    }
}

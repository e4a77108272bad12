package io.tcpstack.it.impaired;

import io.tcpstack.it.BackgroundProcess;
import io.tcpstack.it.TestArtifacts;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The impaired links the tests cross, each with the transfer size CI uses for it. Loss comes from
 * the router's random drop (the same rule for the stack's path and the kernel's); the other
 * impairments from the stack's fault handler ({@code tcpstack run --fault SPEC}) and, on the
 * kernel's path, from the same handler in {@code tcpstack impair --fault SPEC}. Seeds are fixed, so
 * a run's faults can be repeated.
 *
 * <p>Every transfer moves 100 MiB by default. The whole class (both paths, both directions) takes
 * about 15 minutes, most of it the kernel's own TCP at 10 % loss.
 */
enum Impairment {
    LOSS_1("loss 1 %", new RouterDrop(0.01)),
    LOSS_5("loss 5 %", new RouterDrop(0.05)),
    LOSS_10("loss 10 %", new RouterDrop(0.10)),
    DELAY_REORDER("delay 20 ms ± 10 ms, reorder 1 %", new FaultHandler("delay=20ms,jitter=10ms,reorder=1%")),
    DUPLICATION("duplication 2 %", new FaultHandler("dup=2%")),
    CORRUPTION("corruption 1 %", new FaultHandler("corrupt=1%"));

    /** System property that sets every transfer's size in bytes, e.g. 104857600 for 100 MiB. */
    static final String BYTES_PROPERTY = "impaired.bytes";
    /** System property that picks some impairments by name (comma-separated, e.g. {@code LOSS_5,CORRUPTION}); all by default. */
    static final String SELECTION_PROPERTY = "impaired.cases";
    /** Bytes moved per transfer unless {@link #BYTES_PROPERTY} says otherwise: the 100 MiB users move. */
    private static final long DEFAULT_BYTES = 100L << 20;

    /** What the figures table calls it. */
    private final String label;
    /** How it is put on both paths. */
    private final Mechanism mechanism;

    Impairment(String label, Mechanism mechanism) {
        this.label = label;
        this.mechanism = mechanism;
    }

    /** @return the impairments {@link #SELECTION_PROPERTY} names, or all of them */
    static List<Impairment> selected() {
        String names = System.getProperty(SELECTION_PROPERTY, "").strip();
        return names.isEmpty() ? List.of(values())
                : Arrays.stream(names.split(",")).map(String::strip).map(Impairment::valueOf).toList();
    }

    String label() {
        return label;
    }

    /** @return the size of each transfer across this impairment */
    long bytes() {
        return Long.getLong(BYTES_PROPERTY, DEFAULT_BYTES);
    }

    /** @return the daemon's extra arguments: {@code --fault SPEC} for fault-handler impairments */
    List<String> daemonArgs() {
        return mechanism.daemonArgs();
    }

    /**
     * Puts the impairment on both paths of {@code topology} (the stack's own fault handler comes
     * from {@link #daemonArgs()}).
     *
     * @return the relay when the kernel's path crosses one (it logs its fault counters on stop)
     */
    Optional<BackgroundProcess> apply(RoutedTopology topology, TestArtifacts artifacts) throws InterruptedException {
        return mechanism.apply(topology, artifacts);
    }

    @Override
    public String toString() {
        return label;
    }

    /** How an impairment is put in place. */
    private sealed interface Mechanism permits RouterDrop, FaultHandler {
        List<String> daemonArgs();

        Optional<BackgroundProcess> apply(RoutedTopology topology, TestArtifacts artifacts) throws InterruptedException;
    }

    /** The router drops each forwarded packet with {@code probability}: both paths, both directions. */
    private record RouterDrop(double probability) implements Mechanism {
        @Override
        public List<String> daemonArgs() {
            return List.of();
        }

        @Override
        public Optional<BackgroundProcess> apply(RoutedTopology topology, TestArtifacts artifacts) {
            topology.dropForwarded(probability);
            return Optional.empty();
        }
    }

    /**
     * The fault handler with {@code faults} (both directions, a fixed seed): in the daemon, and in
     * the relay on the kernel's path.
     */
    private record FaultHandler(String faults) implements Mechanism {
        /** Seed of both injectors' random numbers. */
        private static final long SEED = 42;

        String spec() {
            return faults + ",dir=both,seed=" + SEED;
        }

        @Override
        public List<String> daemonArgs() {
            return List.of("--fault", spec());
        }

        @Override
        public Optional<BackgroundProcess> apply(RoutedTopology topology, TestArtifacts artifacts) throws InterruptedException {
            return Optional.of(topology.relayKernelPath(spec(), artifacts));
        }
    }
}

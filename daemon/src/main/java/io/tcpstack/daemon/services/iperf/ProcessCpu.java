package io.tcpstack.daemon.services.iperf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's CPU time from {@code /proc/self/stat} (Linux); zero where that cannot be read. */
final class ProcessCpu {
    /** Clock ticks per second of {@code /proc/PID/stat} (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path STAT = Path.of("/proc/self/stat");

    /**
     * CPU seconds used by the process until {@code wallNanos} (System.nanoTime()).
     *
     * @param user seconds in user mode
     * @param system seconds in kernel mode
     */
    record Sample(long wallNanos, double user, double system) {
        /** iperf3's utilisation between two samples: percent of one CPU, total, user and system. */
        double[] utilisationSince(Sample earlier) {
            double wall = (wallNanos - earlier.wallNanos) / 1e9;
            if (wall <= 0) {
                return new double[] {0, 0, 0};
            }
            double u = (user - earlier.user) / wall * 100;
            double s = (system - earlier.system) / wall * 100;
            return new double[] {u + s, u, s};
        }
    }

    private ProcessCpu() {
    }

    static Sample sample() {
        long now = System.nanoTime();
        try {
            String stat = Files.readString(STAT);
            // fields after the parenthesised command name: state is field 3, utime 14, stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new Sample(now, Long.parseLong(fields[11]) / TICKS_PER_SECOND,
                    Long.parseLong(fields[12]) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return new Sample(now, 0, 0);
        }
    }
}

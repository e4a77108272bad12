package io.tcpstack.it.impaired;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The figures of the impaired-link transfers, one row per impairment and direction, collected across tests. */
final class FiguresTable {

    /**
     * One impairment and direction, measured through the stack and through the kernel in one test.
     *
     * @param impairment    the link
     * @param direction     which way the data flowed
     * @param stack         through the stack
     * @param kernel        through the kernel server across the same impairment
     * @param stackRetrans  segments retransmitted on the stack's path
     * @param kernelRetrans segments retransmitted on the kernel's path
     */
    record Row(Impairment impairment, Direction direction, Goodput stack, Goodput kernel,
               Retransmissions stackRetrans, Retransmissions kernelRetrans) {
    }

    private static final String FORMAT = "%-34s %-8s %9s %10s %10s %7s %17s %17s%n";

    /** Rows added so far, in completion order. */
    private final ConcurrentLinkedQueue<Row> rows = new ConcurrentLinkedQueue<>();

    void add(Row row) {
        rows.add(row);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** @return the table, rows in impairment then direction order, with a legend */
    String format() {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, FORMAT, "impairment", "dir", "size",
                "tcpstack", "kernel", "ratio", "retrans tcpstack", "retrans kernel"));
        table.append(String.format(Locale.ROOT, FORMAT, "", "", "MiB", "MiB/s", "MiB/s", "", "client/server", "client/server"));
        List<Row> sorted = rows.stream()
                .sorted(Comparator.comparing(Row::impairment).thenComparing(Row::direction)).toList();
        for (Row row : sorted) {
            table.append(String.format(Locale.ROOT, FORMAT, row.impairment().label(),
                    row.direction().name().toLowerCase(Locale.ROOT),
                    String.format(Locale.ROOT, "%.0f", row.stack().bytes() / (double) (1 << 20)),
                    String.format(Locale.ROOT, "%.2f", row.stack().mibPerSecond()),
                    String.format(Locale.ROOT, "%.2f", row.kernel().mibPerSecond()),
                    String.format(Locale.ROOT, "%.2f", row.stack().mibPerSecond() / row.kernel().mibPerSecond()),
                    retrans(row.stackRetrans()), retrans(row.kernelRetrans())));
        }
        table.append("""
                ratio = tcpstack / kernel goodput (curl's total time, connection set-up included), same client,
                same router, same impairment, same run. Retransmitted segments: client = the client namespace's
                TcpRetransSegs (nstat); server = the daemon's RetransSegs, or the kernel server namespace's
                TcpRetransSegs. The sender is the server on a download and the client on an upload.
                """);
        return table.toString();
    }

    private static String retrans(Retransmissions retransmissions) {
        return retransmissions.client() + "/" + retransmissions.server();
    }
}

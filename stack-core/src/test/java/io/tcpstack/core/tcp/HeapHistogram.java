package io.tcpstack.core.tcp;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * The live objects of the heap by class, as {@code jcmd <pid> GC.class_histogram} prints them
 * (taken through the DiagnosticCommand MBean, which runs a full GC first, so only reachable
 * objects count). Two histograms subtracted give exactly what a piece of code retains, by class,
 * independent of garbage and of when the collector last ran.
 */
final class HeapHistogram {
    /** One histogram row: "   1:   12345   678900  java.lang.String (java.base@25)". */
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");

    /** Bytes of live instances by class name. */
    private final Map<String, Long> bytes;
    /** Live instance count by class name. */
    private final Map<String, Long> instances;

    private HeapHistogram(Map<String, Long> bytes, Map<String, Long> instances) {
        this.bytes = bytes;
        this.instances = instances;
    }

    /** Collects garbage and takes the histogram of what is left. */
    static HeapHistogram take() {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException("class histogram unavailable", e);
        }
        Map<String, Long> bytes = new HashMap<>();
        Map<String, Long> instances = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                instances.merge(m.group(3), Long.parseLong(m.group(1)), Long::sum);
                bytes.merge(m.group(3), Long.parseLong(m.group(2)), Long::sum);
            }
        }
        return new HeapHistogram(bytes, instances);
    }

    /** What is live in {@code after} beyond this histogram, by class, largest first. */
    List<Row> growthTo(HeapHistogram after) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Long> e : after.bytes.entrySet()) {
            long b = e.getValue() - bytes.getOrDefault(e.getKey(), 0L);
            long n = after.instances.get(e.getKey()) - instances.getOrDefault(e.getKey(), 0L);
            if (b != 0 || n != 0) {
                rows.add(new Row(e.getKey(), n, b));
            }
        }
        rows.sort(Comparator.comparingLong(Row::bytes).reversed());
        return rows;
    }

    /** Growth of one class between two histograms. */
    record Row(String className, long instances, long bytes) {
    }
}

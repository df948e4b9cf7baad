package dev.jeton.bench;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A server's live objects by class ({@code jcmd <pid> GC.class_histogram}, taken after the full GC it runs), so
 * the long run can say which classes its heap growth is made of: a leak grows with the requests, a bounded
 * working set (a cache, H2's chunk map for its retention time) stops.
 */
record HeapHistogram(Map<String, long[]> byClass) {

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    static HeapHistogram parse(String jcmdOutput) {
        Map<String, long[]> byClass = new HashMap<>();
        for (String line : jcmdOutput.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                byClass.merge(m.group(3), new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                        (a, b) -> new long[]{a[0] + b[0], a[1] + b[1]});
            }
        }
        return new HeapHistogram(Map.copyOf(byClass));
    }

    long totalBytes() {
        return byClass.values().stream().mapToLong(v -> v[1]).sum();
    }

    /** The {@code n} classes whose bytes grew most from {@code earlier} to this one, one line each. */
    List<String> growthSince(HeapHistogram earlier, int n) {
        return byClass.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new long[]{
                        e.getValue()[0] - earlier.count(e.getKey())[0], e.getValue()[1] - earlier.count(e.getKey())[1]}))
                .filter(e -> e.getValue()[1] > 0)
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                .limit(n)
                .map(e -> String.format(Locale.ROOT, "%s +%,d KB (+%,d instances)", e.getKey(),
                        e.getValue()[1] / 1024, e.getValue()[0]))
                .collect(Collectors.toList());
    }

    private long[] count(String className) {
        return byClass.getOrDefault(className, new long[2]);
    }
}

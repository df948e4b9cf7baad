package dev.jeton.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The heap in use as {@code jcmd <pid> GC.heap_info} prints it: the benchmark's and the soak's one reading of it. */
final class HeapInfo {

    /**
     * A heap or generation line: "garbage-first heap   total reserved 6291456K, committed 262144K, used 103278K"
     * (G1, the whole heap), "PSYoungGen total 113152K, used 29352K" and "ParOldGen total 258048K, used 1166K"
     * (Parallel, with JETON_JAVA_OPTS=-XX:+UseParallelGC), "def new generation ..." and "tenured generation ..." (Serial).
     * Metaspace's line says "used" without "total", and the spaces inside a generation say "30% used".
     */
    private static final Pattern USED = Pattern.compile("(?m)^.*\\btotal\\b.*\\bused (\\d+)K");

    private HeapInfo() {
    }

    /** The sum of the heap's or its generations' "used NK", in KB; -1 when there is none (jcmd failed). */
    static long usedKb(String heapInfo) {
        Matcher used = USED.matcher(heapInfo);
        long sum = -1;
        while (used.find()) {
            sum = Math.max(sum, 0) + Long.parseLong(used.group(1));
        }
        return sum;
    }
}

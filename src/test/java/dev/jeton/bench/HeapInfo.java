package dev.jeton.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The heap in use as {@code jcmd <pid> GC.heap_info} prints it: the benchmark's and the soak's one reading of it. */
final class HeapInfo {

    /** The whole heap's line comes first ("garbage-first heap total 262144K, used 103278K [...]"). */
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private HeapInfo() {
    }

    /** The first "used NK" of the output, in KB; -1 when there is none (jcmd failed or the format changed). */
    static long usedKb(String heapInfo) {
        Matcher used = USED.matcher(heapInfo);
        return used.find() ? Long.parseLong(used.group(1)) : -1;
    }
}

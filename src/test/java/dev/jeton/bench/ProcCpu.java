package dev.jeton.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from Linux's /proc (proc(5)): per process, utime + stime of {@code /proc/<pid>/stat}
 * (all its threads, the JIT and GC included); for the machine, the busy time of {@code /proc/stat}'s
 * first line. Both count clock ticks ({@code CLK_TCK}, 100 per second on Linux).
 */
final class ProcCpu {

    /** Clock ticks per second; USER_HZ is 100 on every Linux architecture this runs on. */
    static final long TICKS_PER_SECOND = 100;

    /** Readings at one instant; {@code neighbourPid} 0 for none. */
    record Snapshot(long nanoTime, long serverTicks, long generatorTicks, long neighbourTicks, long busyTicks) {
    }

    /**
     * CPU used between two snapshots, in core-seconds.
     *
     * @param other what the machine spent outside the server, the load generator and the neighbour
     */
    record Usage(double seconds, double server, double generator, double neighbour, double other, int cores) {

        static final Usage NONE = new Usage(0, 0, 0, 0, 0, Runtime.getRuntime().availableProcessors());

        static Usage between(Snapshot a, Snapshot b, int cores) {
            double seconds = (b.nanoTime() - a.nanoTime()) / 1e9;
            double server = (b.serverTicks() - a.serverTicks()) / (double) TICKS_PER_SECOND;
            double generator = (b.generatorTicks() - a.generatorTicks()) / (double) TICKS_PER_SECOND;
            double neighbour = (b.neighbourTicks() - a.neighbourTicks()) / (double) TICKS_PER_SECOND;
            double busy = (b.busyTicks() - a.busyTicks()) / (double) TICKS_PER_SECOND;
            return new Usage(seconds, server, generator, neighbour, Math.max(0, busy - server - generator - neighbour),
                    cores);
        }

        Usage plus(Usage u) {
            return new Usage(seconds + u.seconds, server + u.server, generator + u.generator, neighbour + u.neighbour,
                    other + u.other, cores);
        }

        /** Other processes' CPU as a share of what the machine had in the window (cores x seconds). */
        double otherShare() {
            return seconds > 0 ? other / (cores * seconds) : 0;
        }
    }

    private final long serverPid;
    private final long generatorPid = ProcessHandle.current().pid();
    private volatile long neighbourPid;

    ProcCpu(long serverPid) {
        this.serverPid = serverPid;
    }

    void neighbour(long pid) {
        this.neighbourPid = pid;
    }

    Snapshot snapshot() {
        long neighbour = neighbourPid;
        return new Snapshot(System.nanoTime(), processTicks(serverPid), processTicks(generatorPid),
                neighbour == 0 ? 0 : processTicks(neighbour), busyTicks());
    }

    /** utime + stime of one process, in clock ticks; 0 when it is gone. */
    static long processTicks(long pid) {
        String[] fields = statFields(pid);
        if (fields == null) {
            return 0;
        }
        // after "pid (comm)": state is fields[0], utime is field 14 of proc(5), i.e. fields[11]
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** When the process started, in milliseconds since the epoch (from its start time in ticks after boot). */
    static long startEpochMillis(long pid) {
        String[] fields = statFields(pid);
        if (fields == null) {
            throw new IllegalStateException("no process " + pid);
        }
        long startTicks = Long.parseLong(fields[19]); // field 22 of proc(5)
        long bootSeconds = 0;
        for (String line : lines(Path.of("/proc/stat"))) {
            if (line.startsWith("btime ")) {
                bootSeconds = Long.parseLong(line.substring(6).trim());
            }
        }
        return bootSeconds * 1000 + startTicks * 1000 / TICKS_PER_SECOND;
    }

    /** The machine's busy ticks: user, nice, system, irq, softirq and steal of every CPU. */
    static long busyTicks() {
        String cpu = lines(Path.of("/proc/stat"))[0];
        return busyTicks(cpu);
    }

    /** From a {@code cpu  user nice system idle iowait irq softirq steal ...} line. */
    static long busyTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long busy = 0;
        int[] busyColumns = {1, 2, 3, 6, 7, 8};
        for (int column : busyColumns) {
            if (column < f.length) {
                busy += Long.parseLong(f[column]);
            }
        }
        return busy;
    }

    private static String[] statFields(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (IOException e) {
            return null;
        }
        // the command name is in parentheses and may contain spaces: split after the last ')'
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    private static String[] lines(Path file) {
        try {
            return Files.readString(file).split("\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

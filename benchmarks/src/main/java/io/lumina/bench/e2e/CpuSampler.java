package io.lumina.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * CPU time from Linux's /proc: per process ({@code utime + stime} of /proc/PID/stat, children
 * included once they are reaped) and for the whole machine (/proc/stat). Busy cores over a window =
 * CPU seconds used / wall seconds. PostgreSQL is counted as every process named "postgres", so
 * other databases' work on a shared server is included: the machine total is the honest upper
 * bound.
 */
public final class CpuSampler {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux this runs on

  private CpuSampler() {}

  /** CPU seconds used so far by each group: named processes plus "machine" (all non-idle time). */
  public static Map<String, Double> snapshot(Map<String, LongPredicate> groups) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, LongPredicate> g : groups.entrySet()) {
      out.put(
          g.getKey(),
          ProcessHandle.allProcesses()
              .mapToLong(ProcessHandle::pid)
              .filter(g.getValue())
              .mapToDouble(CpuSampler::processSeconds)
              .sum());
    }
    out.put("machine", machineBusySeconds());
    return out;
  }

  /** Cores busy per group between two snapshots. */
  public static Map<String, Double> cores(
      Map<String, Double> before, Map<String, Double> after, double seconds) {
    Map<String, Double> out = new LinkedHashMap<>();
    after.forEach((k, v) -> out.put(k, Math.max(0, v - before.getOrDefault(k, 0.0)) / seconds));
    return out;
  }

  public static LongPredicate pid(long pid) {
    return p -> p == pid;
  }

  public static LongPredicate command(String name) {
    return p -> name.equals(comm(p));
  }

  /** Processes whose command line contains {@code fragment}. */
  public static LongPredicate commandLine(String fragment) {
    return p -> {
      try {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p), "cmdline")))
            .replace('\0', ' ')
            .contains(fragment);
      } catch (IOException e) {
        return false;
      }
    };
  }

  static String comm(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
    } catch (IOException e) {
      return "";
    }
  }

  static double processSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": state is f[0], utime f[11], stime f[12], cutime f[13], cstime f[14]
      return (Long.parseLong(f[11])
              + Long.parseLong(f[12])
              + Long.parseLong(f[13])
              + Long.parseLong(f[14]))
          / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended between listing and reading
    }
  }

  static double machineBusySeconds() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return (total - idle) / TICKS_PER_SECOND;
    } catch (IOException e) {
      return 0;
    }
  }
}

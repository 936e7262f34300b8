package io.lumina.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's table and JSON document, with the targets of issue 11 checked. */
record Report(
    String stamp,
    EndToEndBenchmark.Options options,
    CopyCeiling.Result ceiling,
    PhaseReport warmup,
    List<PhaseReport> phases,
    String loadAverageAtStart,
    String loadAverageAtEnd,
    Map<String, Double> idleCores) {

  private PhaseReport saturation() {
    return phases.getFirst();
  }

  /**
   * The paced phase nearest to half the ceiling if it ran, else the one at half the sustained rate.
   */
  private PhaseReport halfRatePhase() {
    return phases.stream()
        .filter(p -> p.phase().equals("halfceiling"))
        .findFirst()
        .orElse(
            phases.stream()
                .filter(p -> p.phase().equals("paced50"))
                .findFirst()
                .orElse(phases.getLast()));
  }

  /**
   * Latency figures come from the paced phases: under saturation the queue backlog dominates them.
   */
  private PhaseReport lowestPaced() {
    return phases.stream()
        .filter(p -> p.targetSpansPerSecond() > 0)
        .findFirst()
        .orElse(saturation());
  }

  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%nLumina end-to-end benchmark %s  (%s; %d cores; JDK %s)%n",
            stamp,
            cpuModel(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version")));
    sb.append(
        "load average (1/5/15 min) at start "
            + loadAverageAtStart
            + ", at end "
            + loadAverageAtEnd
            + ": above the core count, other work on the box competes with the system under test\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%-12s %8s %9s %9s %9s %6s | %7s %7s %7s | %7s %7s %7s %4s | %5s %5s %5s | %5s %5s %5s %5s %5s%n",
            "phase",
            "target/s",
            "accept/s",
            "stored/s",
            "e2e/s",
            "drain",
            "req p50",
            "p95",
            "p99",
            "qry p50",
            "p95",
            "p99",
            "t/o",
            "4xx",
            "5xx",
            "conn",
            "plat",
            "nats",
            "pg",
            "load",
            "box"));
    for (PhaseReport p : allPhases()) {
      Map<String, Double> c = p.cores();
      sb.append(
          String.format(
              Locale.ROOT,
              "%-12s %8s %9.0f %9.0f %9s %6s | %7.1f %7.1f %7.1f | %7.0f %7.0f %7.0f %4d | %5d %5d %5d | %5.2f %5.2f %5.2f %5.2f %5.2f%n",
              p.phase(),
              p.targetSpansPerSecond() > 0
                  ? String.format(Locale.ROOT, "%.0f", p.targetSpansPerSecond())
                  : "max",
              p.acceptedPerSecond(),
              p.persistedPerSecond(),
              Double.isNaN(p.endToEndPerSecond())
                  ? "-"
                  : String.format(Locale.ROOT, "%.0f", p.endToEndPerSecond()),
              Double.isNaN(p.drainSeconds())
                  ? "no"
                  : String.format(Locale.ROOT, "%.1fs", p.drainSeconds()),
              p.latency(50),
              p.latency(95),
              p.latency(99),
              p.queryable(50),
              p.queryable(95),
              p.queryable(99),
              p.load().probeTimeouts(),
              p.load().count4xx(),
              p.load().count5xx(),
              p.load().connectionErrors(),
              c.get("platform"),
              c.get("nats"),
              c.get("postgres"),
              c.get("loadgen"),
              c.get("machine")));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%-12s %8s %9s %9s %9s %6s | %7s %7s %7s | %7s %7s %7s %4s | %5s %5s %5s |"
                + " %5.2f %5.2f %5.2f %5.2f %5.2f%n",
            "idle",
            "0",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            idleCores.get("platform"),
            idleCores.get("nats"),
            idleCores.get("postgres"),
            idleCores.get("loadgen"),
            idleCores.get("machine")));
    sb.append(
        String.format(
            Locale.ROOT,
            "%nCOPY ceiling: %.0f spans/s (%d rows, %.1f MB; rounds %s s)%n",
            ceiling.spansPerSecond(),
            ceiling.rows(),
            ceiling.bytes() / 1e6,
            roundList()));
    sb.append(
        "req = ingest request latency (ms), qry = ack to queryable through GET /api/traces/{id} (ms),"
            + " t/o = probes not queryable within 30 s; 4xx/5xx/conn = responses and connection errors\n");
    sb.append(
        "cores: plat = platform JVM, nats, pg = every postgres process on the box, load = this generator,"
            + " box = whole machine (busy cores out of "
            + Runtime.getRuntime().availableProcessors()
            + ")\n");
    sb.append("\nTargets (issue 11):\n");
    for (Map<String, Object> t : targets()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-4s %-55s %s%n",
              Boolean.TRUE.equals(t.get("met")) ? "MET" : "MISS",
              t.get("target"),
              t.get("measured")));
    }
    return sb.toString();
  }

  private List<PhaseReport> allPhases() {
    List<PhaseReport> all = new ArrayList<>();
    all.add(warmup);
    all.addAll(phases);
    return all;
  }

  private String roundList() {
    StringBuilder sb = new StringBuilder();
    for (double s : ceiling.roundSeconds()) {
      sb.append(sb.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", s));
    }
    return sb.toString();
  }

  List<Map<String, Object>> targets() {
    List<Map<String, Object>> out = new ArrayList<>();
    double ratio = saturation().persistedPerSecond() / ceiling.spansPerSecond();
    out.add(
        target(
            "end-to-end >= 0.5 x COPY ceiling",
            ratio >= 0.5,
            String.format(
                Locale.ROOT,
                "%.0f stored/s = %.2f x ceiling",
                saturation().persistedPerSecond(),
                ratio)));
    PhaseReport half = halfRatePhase();
    out.add(
        target(
            "ingest request p99 < 50 ms at half the ceiling rate",
            half.phase().equals("halfceiling") && half.latency(99) < 50,
            String.format(
                Locale.ROOT,
                "%.1f ms at %.0f spans/s (%s)",
                half.latency(99),
                half.targetSpansPerSecond(),
                half.phase().equals("halfceiling")
                    ? "half the ceiling"
                    : "half the ceiling not sustainable; at "
                        + half.phase().substring(5)
                        + "% of the sustained rate")));
    PhaseReport low = lowestPaced();
    double worstQueryable =
        phases.stream()
            .filter(p -> p.targetSpansPerSecond() > 0)
            .mapToDouble(
                p -> p.load().probeTimeouts() > 0 ? Double.POSITIVE_INFINITY : p.queryable(99))
            .max()
            .orElse(Double.NaN);
    out.add(
        target(
            "ingest-to-queryable p99 < 1 s (paced phases)",
            worstQueryable < 1000,
            String.format(
                Locale.ROOT,
                "worst paced p99 %.0f ms; at %s %.0f ms",
                worstQueryable,
                low.phase(),
                low.queryable(99))));
    return out;
  }

  private static Map<String, Object> target(String name, boolean met, String measured) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", name);
    m.put("met", met);
    m.put("measured", measured);
    return m;
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("benchmark", "lumina-e2e");
    m.put("time", stamp);
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cpu", cpuModel());
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", System.getProperty("java.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("loadAverageAtStart", loadAverageAtStart);
    machine.put("loadAverageAtEnd", loadAverageAtEnd);
    m.put("machine", machine);
    Map<String, Object> settings = new LinkedHashMap<>(options.values());
    settings.remove("pg-password");
    settings.put("platformArgs", options.platformArgs());
    m.put("settings", settings);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("spansPerSecond", PhaseReport.round(ceiling.spansPerSecond()));
    c.put("rows", ceiling.rows());
    c.put("bytes", ceiling.bytes());
    c.put("roundSeconds", ceiling.roundSeconds());
    m.put("copyCeiling", c);
    List<Map<String, Object>> list = new ArrayList<>();
    for (PhaseReport p : allPhases()) {
      Map<String, Object> pm = p.toMap();
      pm.put(
          "ratioToCeiling", PhaseReport.round(p.persistedPerSecond() / ceiling.spansPerSecond()));
      list.add(pm);
    }
    m.put("phases", list);
    Map<String, Object> idle = new LinkedHashMap<>();
    idleCores.forEach((k, v) -> idle.put(k, PhaseReport.round(v)));
    m.put("idleBusyCores", idle);
    m.put("targets", targets());
    return m;
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse("unknown cpu");
    } catch (IOException e) {
      return "unknown cpu";
    }
  }
}

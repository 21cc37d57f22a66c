package com.lms.sample.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the starter costs a Spring Boot application at startup when nothing is pending: the sample
 * app started again and again in fresh JVMs, alternating with and without the starter ({@code
 * lms.migrations.enabled=false}), until it reports readiness. Run it with {@code ./mvnw -B -pl
 * sample-app -am -DskipTests -Pstartup-benchmark verify}.
 *
 * <p>Arguments: the sample app's jar, then optionally the number of runs per variant.
 */
public final class StartupCostBenchmark {

  /** Logged by Spring Boot when readiness changes; %r is milliseconds since logging started. */
  private static final Pattern READY =
      Pattern.compile("^(\\d+) READY ReadinessState ACCEPTING_TRAFFIC", Pattern.MULTILINE);

  private StartupCostBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]).toAbsolutePath();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Path workDir = Files.createTempDirectory("lms-startup-benchmark");
    // The first start applies the nine migrations; every measured start finds nothing pending.
    start(jar, workDir, true);
    start(jar, workDir, false);
    List<Long> with = new ArrayList<>();
    List<Long> without = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      with.add(start(jar, workDir, true));
      without.add(start(jar, workDir, false));
    }
    long withMedian = median(with);
    long withoutMedian = median(without);
    System.out.printf(
        Locale.ROOT,
        "Sample app, nothing pending, time from logging start to readiness (median of %d"
            + " alternating runs, each in a fresh JVM):%n"
            + "   with the starter                        %5d ms  (runs: %s)%n"
            + "   with lms.migrations.enabled=false       %5d ms  (runs: %s)%n"
            + "   cost of the starter                     %5d ms  (target 50 ms)%n",
        runs,
        withMedian,
        sorted(with),
        withoutMedian,
        sorted(without),
        withMedian - withoutMedian);
  }

  private static long start(Path jar, Path workDir, boolean starter) throws Exception {
    Path log = Files.createTempFile("lms-startup", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=0");
    command.add("--lms.migrations.enabled=" + starter);
    command.add("--logging.pattern.console=%r %m%n");
    command.add("--logging.level.org.springframework.boot.availability=DEBUG");
    command.add("--logging.level.root=WARN");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        Matcher ready = READY.matcher(readable(log));
        if (ready.find()) {
          return Long.parseLong(ready.group(1));
        }
        if (!process.isAlive()) {
          throw new IllegalStateException("The sample app stopped:\n" + readable(log));
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException("The sample app did not become ready:\n" + readable(log));
    } finally {
      process.destroy();
      process.waitFor();
      Files.deleteIfExists(log);
    }
  }

  private static String readable(Path log) throws IOException {
    // The availability bean logs "Application availability state ... changed to ...".
    return Files.readString(log)
        .replaceAll(
            "(?m)^(\\d+) Application availability state (\\w+) changed to (\\w+)",
            "$1 READY $2 $3");
  }

  private static long median(List<Long> values) {
    return sorted(values).get(values.size() / 2);
  }

  private static List<Long> sorted(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(Long::compare);
    return sorted;
  }
}

package com.lms.sample.benchmark;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * What the starter costs a Spring Boot application at startup when nothing is pending: the sample
 * app started again and again in fresh JVMs, alternating with and without the starter ({@code
 * lms.migrations.enabled=false}), until it reports readiness. Run it with {@code ./mvnw -B -pl
 * sample-app -am -DskipTests -Pstartup-benchmark verify}.
 *
 * <p>Every start uses one MongoDB server in memory, run by this process, rather than the sample's
 * embedded server on its data files: opening those files is the same work in both variants, and its
 * spread would hide the difference measured. Besides the time to readiness, each start reports the
 * time from Spring Boot's "started" (liveness) to readiness, when the application runners run: the
 * startup run's own cost, measured with far less spread. Then a few starts run {@link
 * StartupBreakdown}, which reports from inside the JVM what the starter added: main-thread CPU
 * time, classes loaded and the time spent creating each of its beans.
 *
 * <p>Arguments: the sample app's jar, then optionally the number of runs per variant.
 */
public final class StartupCostBenchmark {

  /** Logged by Spring Boot when availability changes; %r is milliseconds since logging started. */
  private static final Pattern LIVE =
      Pattern.compile(
          "^(\\d+) Application availability state LivenessState changed to CORRECT",
          Pattern.MULTILINE);

  private static final Pattern READY =
      Pattern.compile(
          "^(\\d+) Application availability state ReadinessState changed to ACCEPTING_TRAFFIC",
          Pattern.MULTILINE);

  private StartupCostBenchmark() {}

  /** One start: milliseconds from logging start to liveness, and to readiness. */
  private record Start(long live, long ready) {

    long runners() {
      return ready - live;
    }
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]).toAbsolutePath();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    // The server answers the driver's 'hello', which it does not know, with an ERROR and a trace.
    ((Logger) LoggerFactory.getLogger("de.bwaldvogel")).setLevel(Level.OFF);
    MongoServer server = new MongoServer(new MemoryBackend());
    try {
      server.bind("127.0.0.1", 0);
      String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/lms_startup";
      Path workDir = Files.createTempDirectory("lms-startup-benchmark");
      // The first start applies the nine migrations; every measured start finds nothing pending.
      start(jar, workDir, uri, true);
      start(jar, workDir, uri, false);
      List<Start> with = new ArrayList<>();
      List<Start> without = new ArrayList<>();
      List<Long> differences = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        Start withStarter = start(jar, workDir, uri, true);
        Start withoutStarter = start(jar, workDir, uri, false);
        with.add(withStarter);
        without.add(withoutStarter);
        differences.add(withStarter.ready() - withoutStarter.ready());
      }
      print(runs, with, without, differences);
      breakdown(uri, Math.max(3, runs / 3));
    } finally {
      server.shutdownNow();
    }
  }

  private static void print(
      int runs, List<Start> with, List<Start> without, List<Long> differences) {
    List<Long> withReady = with.stream().map(Start::ready).toList();
    List<Long> withoutReady = without.stream().map(Start::ready).toList();
    List<Long> withRunners = with.stream().map(Start::runners).toList();
    List<Long> withoutRunners = without.stream().map(Start::runners).toList();
    List<Long> sortedDifferences = sorted(differences);
    System.out.printf(
        Locale.ROOT,
        "Sample app, nothing pending, one MongoDB in memory (%d alternating runs per variant, each"
            + " in a fresh JVM; milliseconds):%n"
            + "   logging start to readiness, with the starter       median %5d  (%s)%n"
            + "   logging start to readiness, enabled=false          median %5d  (%s)%n"
            + "   difference of each pair of runs                    median %5d  (middle half %d"
            + " to %d)%n"
            + "   started to ready (the startup run), with           median %5d  (%s)%n"
            + "   started to ready, enabled=false                    median %5d  (%s)%n"
            + "   (target for the starter's cost: 50 ms)%n",
        runs,
        median(withReady),
        range(withReady),
        median(withoutReady),
        range(withoutReady),
        median(differences),
        sortedDifferences.get(differences.size() / 4),
        sortedDifferences.get(differences.size() * 3 / 4),
        median(withRunners),
        range(withRunners),
        median(withoutRunners),
        range(withoutRunners));
  }

  /** What one start reported about itself: main-thread CPU, classes, the starter's beans. */
  private record Breakdown(long cpuMicros, long classes, Map<String, Long> beanMicros) {

    long beansMicros() {
      return beanMicros.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Starts the sample in fresh JVMs with {@link StartupBreakdown}, alternating with and without the
   * starter, and prints the medians of what each start reports about itself.
   */
  private static void breakdown(String uri, int runs) throws Exception {
    List<Breakdown> with = new ArrayList<>();
    List<Breakdown> without = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      with.add(breakdownOf(uri, true));
      without.add(breakdownOf(uri, false));
    }
    long cpuWith = median(with.stream().map(Breakdown::cpuMicros).toList()) / 1000;
    long cpuWithout = median(without.stream().map(Breakdown::cpuMicros).toList()) / 1000;
    long classesWith = median(with.stream().map(Breakdown::classes).toList());
    long classesWithout = median(without.stream().map(Breakdown::classes).toList());
    System.out.printf(
        Locale.ROOT,
        "Where it goes, from inside each start (median of %d alternating runs per variant):%n"
            + "   main thread CPU time until ready          with %5d ms, enabled=false %5d ms:"
            + " %d ms more%n"
            + "   classes loaded until ready                with %5d,    enabled=false %5d:"
            + " %d more%n"
            + "   creating the starter's beans (each bean's own time)    %5d ms in all, of which:%n",
        runs,
        cpuWith,
        cpuWithout,
        cpuWith - cpuWithout,
        classesWith,
        classesWithout,
        classesWith - classesWithout,
        median(with.stream().map(Breakdown::beansMicros).toList()) / 1000);
    Map<String, List<Long>> byBean = new TreeMap<>();
    for (Breakdown start : with) {
      start
          .beanMicros()
          .forEach(
              (bean, micros) -> byBean.computeIfAbsent(bean, b -> new ArrayList<>()).add(micros));
    }
    byBean.entrySet().stream()
        .sorted((a, b) -> Long.compare(median(b.getValue()), median(a.getValue())))
        .limit(6)
        .forEach(
            bean ->
                System.out.printf(
                    Locale.ROOT,
                    "      %-56s %5.1f ms%n",
                    bean.getKey(),
                    median(bean.getValue()) / 1000.0));
  }

  private static Breakdown breakdownOf(String uri, boolean starter) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StartupBreakdown.class.getName());
    command.add("--server.port=0");
    command.add("--spring.mongodb.uri=" + uri);
    command.add("--lms.migrations.enabled=" + starter);
    command.add("--logging.level.root=WARN");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("The sample app did not start:\n" + output);
    }
    Map<String, Long> beans = new HashMap<>();
    Matcher bean = Pattern.compile("^BEAN (\\d+) (\\S+)$", Pattern.MULTILINE).matcher(output);
    while (bean.find()) {
      beans.merge(bean.group(2), Long.parseLong(bean.group(1)), Long::sum);
    }
    return new Breakdown(number(output, "CPU"), number(output, "CLASSES"), beans);
  }

  private static long number(String output, String label) {
    Matcher matcher = Pattern.compile("^" + label + " (\\d+)$", Pattern.MULTILINE).matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException("No " + label + " line:\n" + output);
    }
    return Long.parseLong(matcher.group(1));
  }

  private static Start start(Path jar, Path workDir, String uri, boolean starter) throws Exception {
    Path log = Files.createTempFile("lms-startup", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=0");
    command.add("--spring.mongodb.uri=" + uri);
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
        String output = Files.readString(log);
        Matcher live = LIVE.matcher(output);
        Matcher ready = READY.matcher(output);
        if (live.find() && ready.find()) {
          return new Start(Long.parseLong(live.group(1)), Long.parseLong(ready.group(1)));
        }
        if (!process.isAlive()) {
          throw new IllegalStateException("The sample app stopped:\n" + output);
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException(
          "The sample app did not become ready:\n" + Files.readString(log));
    } finally {
      process.destroy();
      process.waitFor();
      Files.deleteIfExists(log);
    }
  }

  private static long median(List<Long> values) {
    return sorted(values).get(values.size() / 2);
  }

  private static String range(List<Long> values) {
    List<Long> sorted = sorted(values);
    return sorted.get(0) + " to " + sorted.get(sorted.size() - 1);
  }

  private static List<Long> sorted(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(Long::compare);
    return sorted;
  }
}

package com.lms.sample.benchmark;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * How long a command-line run of the sample app takes, from launching its JVM to its exit, against
 * a normal start of the same jar from launch to readiness: {@code status} and {@code migrate} with
 * nothing to do, with its beans created lazily (the default in command mode) and eagerly ({@code
 * --spring.main.lazy-initialization=false}, as before it was the default); then the same launched
 * as Spring Boot recommends for a fast start, from the extracted jar with a class data sharing
 * archive (one trained by a normal start for the normal start, one trained by {@code status} for
 * the commands), and with the C1 compiler only. Each variant runs in a fresh JVM, alternating,
 * against one MongoDB server in memory run by this process. Run it with {@code ./mvnw -B -pl
 * sample-app -am -DskipTests -Pstartup-benchmark verify}; the arguments are the sample app's jar
 * and optionally the number of runs per variant.
 */
public final class CommandLineBenchmark {

  private static final Pattern READY =
      Pattern.compile("ReadinessState changed to ACCEPTING_TRAFFIC", Pattern.MULTILINE);

  private CommandLineBenchmark() {}

  /** One way to launch the app: JVM options, the jar, the application's arguments. */
  private record Launch(List<String> jvm, Path jar, List<String> arguments) {

    boolean isCommand() {
      return arguments.stream()
          .anyMatch(argument -> argument.startsWith("--lms.migrations.command"));
    }
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]).toAbsolutePath();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    ((Logger) LoggerFactory.getLogger("de.bwaldvogel")).setLevel(Level.OFF);
    MongoServer server = new MongoServer(new MemoryBackend());
    try {
      server.bind("127.0.0.1", 0);
      String uri = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/lms_commands";
      Path workDir = Files.createTempDirectory("lms-command-benchmark");
      List<String> status = List.of("--lms.migrations.command=status");
      List<String> migrate = List.of("--lms.migrations.command=migrate");
      List<String> eager = List.of("--spring.main.lazy-initialization=false");
      // The first start applies the migrations; every measured run finds nothing pending.
      run(new Launch(List.of(), jar, List.of()), workDir, uri);
      // Spring Boot's recipe for a class data sharing archive: the jar extracted, one training
      // run per archive. A normal start trains on its refresh, a command on the command itself.
      Path extracted = extract(jar, workDir);
      Path normalArchive = workDir.resolve("normal.jsa");
      Path commandArchive = workDir.resolve("command.jsa");
      run(
          new Launch(
              List.of(
                  "-XX:ArchiveClassesAtExit=" + normalArchive, "-Dspring.context.exit=onRefresh"),
              extracted,
              List.of("--lms.migrations.enabled=false")),
          workDir,
          uri);
      run(
          new Launch(List.of("-XX:ArchiveClassesAtExit=" + commandArchive), extracted, status),
          workDir,
          uri);
      List<String> normalCds = List.of("-XX:SharedArchiveFile=" + normalArchive);
      List<String> commandCds = List.of("-XX:SharedArchiveFile=" + commandArchive);
      List<String> commandCdsC1 =
          List.of("-XX:SharedArchiveFile=" + commandArchive, "-XX:TieredStopAtLevel=1");
      Map<String, Launch> variants = new LinkedHashMap<>();
      variants.put("java -jar: normal start, to readiness", new Launch(List.of(), jar, List.of()));
      variants.put("java -jar: status", new Launch(List.of(), jar, status));
      variants.put(
          "java -jar: status, eager beans", new Launch(List.of(), jar, plus(status, eager)));
      variants.put("java -jar: migrate, nothing to do", new Launch(List.of(), jar, migrate));
      variants.put(
          "java -jar: migrate, nothing to do, eager",
          new Launch(List.of(), jar, plus(migrate, eager)));
      variants.put(
          "extracted + CDS: normal start, to readiness",
          new Launch(normalCds, extracted, List.of()));
      variants.put("extracted + CDS: status", new Launch(commandCds, extracted, status));
      variants.put(
          "extracted + CDS: migrate, nothing to do", new Launch(commandCds, extracted, migrate));
      variants.put(
          "extracted + CDS + C1 only: status", new Launch(commandCdsC1, extracted, status));
      Map<String, List<Long>> millis = new LinkedHashMap<>();
      variants.keySet().forEach(name -> millis.put(name, new ArrayList<>()));
      for (int i = 0; i < runs; i++) {
        for (Map.Entry<String, Launch> variant : variants.entrySet()) {
          millis.get(variant.getKey()).add(run(variant.getValue(), workDir, uri));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "Sample app, command line against a normal start (%d alternating runs per variant, each"
              + " in a fresh JVM; milliseconds from launch to exit, or to readiness)%n",
          runs);
      long normal = median(millis.get("java -jar: normal start, to readiness"));
      long normalWithCds = median(millis.get("extracted + CDS: normal start, to readiness"));
      for (Map.Entry<String, List<Long>> variant : millis.entrySet()) {
        long median = median(variant.getValue());
        long against = variant.getKey().startsWith("java -jar") ? normal : normalWithCds;
        System.out.printf(
            Locale.ROOT,
            "   %-46s median %5d  (%s)  %.2fx its normal start%n",
            variant.getKey(),
            median,
            range(variant.getValue()),
            median / (double) against);
      }
      System.out.printf(
          Locale.ROOT,
          "   (targets: status at most 2000 ms, and at most half of a normal start)%n");
    } finally {
      server.shutdownNow();
    }
  }

  private static List<String> plus(List<String> first, List<String> second) {
    List<String> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  /** {@code java -Djarmode=tools -jar app.jar extract}: the jar to launch, with its libraries. */
  private static Path extract(Path jar, Path workDir) throws Exception {
    Path destination = workDir.resolve("extracted");
    Process process =
        new ProcessBuilder(
                java(),
                "-Djarmode=tools",
                "-jar",
                jar.toString(),
                "extract",
                "--destination",
                destination.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("Could not extract the jar:\n" + output);
    }
    return destination.resolve(jar.getFileName());
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Milliseconds from launching the JVM to its exit (a command, or a training run that exits on
   * refresh), or to readiness (a normal start, which is then stopped).
   */
  private static long run(Launch launch, Path workDir, String uri) throws Exception {
    Path log = Files.createTempFile("lms-command", ".log");
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(launch.jvm());
    command.add("-jar");
    command.add(launch.jar().toString());
    command.add("--server.port=0");
    command.add("--spring.mongodb.uri=" + uri);
    command.add("--logging.level.org.springframework.boot.availability=DEBUG");
    command.addAll(launch.arguments());
    boolean exits = launch.isCommand() || launch.jvm().contains("-Dspring.context.exit=onRefresh");
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (exits) {
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
          throw new IllegalStateException("The run failed:\n" + Files.readString(log));
        }
        return elapsedMillis(start);
      }
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        if (READY.matcher(Files.readString(log)).find()) {
          return elapsedMillis(start);
        }
        if (!process.isAlive()) {
          throw new IllegalStateException("The sample app stopped:\n" + Files.readString(log));
        }
        Thread.sleep(5);
      }
      throw new IllegalStateException("Not ready:\n" + Files.readString(log));
    } finally {
      process.destroy();
      process.waitFor();
      Files.deleteIfExists(log);
    }
  }

  private static long elapsedMillis(long start) {
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(Long::compare);
    return sorted.get(sorted.size() / 2);
  }

  private static String range(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(Long::compare);
    return sorted.get(0) + " to " + sorted.get(sorted.size() - 1);
  }
}

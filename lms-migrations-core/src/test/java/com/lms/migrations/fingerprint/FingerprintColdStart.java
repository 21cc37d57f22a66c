package com.lms.migrations.fingerprint;

import com.lms.migrations.Migration;
import com.lms.migrations.testing.JavaProcess;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * What fingerprinting costs a start: compiles {@value #MIGRATIONS} migrations (each a class with a
 * lambda, an anonymous class and a nested class: three class files), then, in fresh JVMs started as
 * the cold benchmark starts them, with the migrations first on the class path as an application's
 * classes, loads and instantiates them (the application's beans) and times {@link
 * MigrationFingerprints#of} over all of them, the first one (which loads ASM and SHA-256) apart.
 * Prints the median of {@value #RUNS} runs. Run it with
 *
 * <pre>
 * ./mvnw -B -o -q -pl lms-migrations-core test-compile exec:exec -Dexec.executable=java \
 *     -Dexec.classpathScope=test -Dexec.args="-cp %classpath com.lms.migrations.fingerprint.FingerprintColdStart"
 * </pre>
 */
public final class FingerprintColdStart {

  private static final int MIGRATIONS = 100;
  private static final int RUNS = 7;
  private static final Pattern RESULT = Pattern.compile("RESULT (\\d+) (\\d+) (\\d+) (\\d+)");

  private FingerprintColdStart() {}

  /**
   * Without arguments, compiles and measures; with {@code measure <count>}, is the measured JVM.
   *
   * @param args nothing, or the measured JVM's arguments
   * @throws Exception when compiling or a run fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("measure")) {
      measure(Integer.parseInt(args[1]));
      return;
    }
    Path directory = Files.createTempDirectory("lms-fingerprints");
    Path classes = compileMigrations(directory);
    List<long[]> runs = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      try (JavaProcess process =
          JavaProcess.start(
              List.of(
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-Dfp.mode=" + System.getProperty("fp.mode", "fingerprint")),
              List.of(classes),
              FingerprintColdStart.class,
              "measure",
              String.valueOf(MIGRATIONS))) {
        if (process.waitFor(120) != 0) {
          throw new IllegalStateException("Run failed:\n" + process.output());
        }
        Matcher result = RESULT.matcher(process.output());
        if (!result.find()) {
          throw new IllegalStateException("No result:\n" + process.output());
        }
        long[] values = new long[4];
        for (int i = 0; i < values.length; i++) {
          values[i] = Long.parseLong(result.group(i + 1));
        }
        runs.add(values);
      }
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "Fingerprints of %d migrations (%d class files), fresh JVM, median of %d runs:%n",
        MIGRATIONS,
        3 * MIGRATIONS,
        RUNS);
    System.out.printf(
        Locale.ROOT,
        "  wall %.1f ms = first %.1f ms (loads ASM, SHA-256) + other %d %.1f ms%n",
        median(runs, 0) / 1e6,
        median(runs, 1) / 1e6,
        MIGRATIONS - 1,
        (median(runs, 0) - median(runs, 1)) / 1e6);
    System.out.printf(
        Locale.ROOT,
        "  cpu  %.1f ms = first %.1f ms + other %d %.1f ms%n",
        median(runs, 2) / 1e6,
        median(runs, 3) / 1e6,
        MIGRATIONS - 1,
        (median(runs, 2) - median(runs, 3)) / 1e6);
  }

  /** The migrations are on the class path before the libraries, as an application's classes. */
  private static void measure(int count) throws ReflectiveOperationException {
    List<Migration> migrations = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      migrations.add(
          (Migration) Class.forName(className(i)).getDeclaredConstructor().newInstance());
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    // fp.mode=bytes times the sums a restart compares instead of the fingerprints.
    java.util.function.Function<Migration, java.util.Optional<?>> measured =
        System.getProperty("fp.mode", "fingerprint").equals("bytes")
            ? MigrationFingerprints::classBytes
            : MigrationFingerprints::of;
    measured.apply(migrations.get(0)).orElseThrow();
    long first = System.nanoTime() - start;
    long firstCpu = threads.getCurrentThreadCpuTime() - cpu;
    for (Migration migration : migrations.subList(1, count)) {
      measured.apply(migration).orElseThrow();
    }
    long all = System.nanoTime() - start;
    long allCpu = threads.getCurrentThreadCpuTime() - cpu;
    System.out.println("RESULT " + all + " " + first + " " + allCpu + " " + firstCpu);
  }

  private static Path compileMigrations(Path directory) throws Exception {
    Path sources = Files.createDirectories(directory.resolve("sources"));
    Path classes = Files.createDirectories(directory.resolve("classes"));
    List<String> arguments =
        new ArrayList<>(
            List.of("-proc:none", "-classpath", System.getProperty("java.class.path"), "-d"));
    arguments.add(classes.toString());
    String template = MigrationFingerprintsTests.ADD_TAGS;
    for (int i = 0; i < MIGRATIONS; i++) {
      String simpleName = className(i).substring("fp.".length());
      String source =
          template
              .replace("AddTags", simpleName)
              .replace("\"add_tags\"", "\"add_tags_" + i + "\"")
              .replace("return 1; }", "return " + (i + 1) + "; }");
      Path file = sources.resolve(simpleName + ".java");
      Files.writeString(file, source, StandardCharsets.UTF_8);
      arguments.add(file.toString());
    }
    int exit =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, arguments.toArray(new String[0]));
    if (exit != 0) {
      throw new IllegalStateException("javac exited with " + exit);
    }
    return classes;
  }

  private static String className(int index) {
    return String.format(Locale.ROOT, "fp.AddTags%03d", index + 1);
  }

  private static long median(List<long[]> runs, int column) {
    List<Long> values =
        runs.stream().map(run -> run[column]).sorted(Comparator.naturalOrder()).toList();
    return values.get(values.size() / 2);
  }
}

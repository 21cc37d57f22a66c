package com.lms.migrations.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.lms.migrations.testing.CompiledClasses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same migration source compiled by the running JDK and by another JDK's {@code javac}: a JDK
 * upgrade that compiles for the same release keeps the fingerprint; compiling for a newer release
 * changes the class-file version, so it shows as a recompilation rather than an edit. Skipped when
 * there is no other JDK: set {@code -Dlms.fingerprint.otherJavac=/path/to/bin/javac}, or have one
 * in {@code /usr/lib/jvm}.
 */
class MigrationFingerprintsAcrossJdksTests {

  /** A migration whose only nested code is a lambda. */
  static final String WITH_LAMBDA =
      """
      package fp;

      import com.lms.migrations.Migration;
      import com.lms.migrations.MigrationContext;
      import java.util.List;

      public class RenameTags implements Migration {
        public String name() { return "rename_tags"; }
        public int version() { return 2; }
        public void up(MigrationContext context) {
          List<String> tags = List.of("a", "b");
          tags.forEach(tag -> context.log().info("Renamed {} of {}", tag, tags.size()));
          context.log().info("Renamed " + tags.size() + " tags");
        }
        public void down(MigrationContext context) {}
      }
      """;

  /**
   * A migration using what Java 17 offers: switch expressions, patterns, records, inner classes.
   */
  static final String JAVA_17 =
      """
      package fp;

      import com.lms.migrations.Migration;
      import com.lms.migrations.MigrationContext;
      import java.io.StringReader;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.Map;

      public class NormaliseLevels implements Migration {
        private final List<String> seen = new ArrayList<>();
        public String name() { return "normalise_levels"; }
        public int version() { return 3; }
        record Level(String name, int rank) {}
        enum Kind { BASIC, ADVANCED }
        class Tracker {
          void track(String level) { seen.add(level); }
        }
        public void up(MigrationContext context) throws Exception {
          Tracker tracker = new Tracker();
          for (Object value : new Object[] {"beginner", 2, "expert", Kind.ADVANCED}) {
            Level level = switch (value instanceof String text ? text : String.valueOf(value)) {
              case "beginner", "1" -> new Level("basic", 1);
              case "expert" -> new Level("advanced", 3);
              default -> value instanceof Kind kind
                  ? new Level(kind.name().toLowerCase(), kind.ordinal() + 1)
                  : new Level("intermediate", 2);
            };
            tracker.track(level.name());
          }
          try (StringReader reader = new StringReader("x")) {
            context.log().info("Read {}", reader.read());
          } catch (RuntimeException e) {
            context.log().warn("Failed: " + e.getMessage());
          }
          Map<String, Integer> counts = Map.of("a", seen.size());
          counts.forEach((key, count) -> context.log().info(key + "=" + count + " of " + seen));
        }
        public void down(MigrationContext context) {}
      }
      """;

  private static final Pattern JAVAC_VERSION = Pattern.compile("javac (\\d+)");

  private static Optional<OtherJavac> other = Optional.empty();

  @TempDir Path temp;

  @BeforeAll
  static void findAnotherJavac() {
    other = OtherJavac.find();
  }

  @Test
  void anotherJdkCompilingForTheSameReleaseGivesTheSameFingerprint() {
    assumeTrue(other.isPresent(), "no javac of another JDK");

    for (String source : new String[] {MigrationFingerprintsTests.ADD_TAGS, WITH_LAMBDA, JAVA_17}) {
      CodeFingerprint here = here(source, "--release", "17");
      CodeFingerprint there = there(source, "--release", "17");

      assertThat(there).as("javac %d --release 17", other.get().feature()).isEqualTo(here);
      assertThat(there.classFileVersion()).isEqualTo(61);
    }
  }

  @Test
  void aSwitchOverAnEnumOfTheSameFileIsCompiledDifferentlyByJdk21AndLaterForTheSameRelease() {
    assumeTrue(other.isPresent() && other.get().feature() >= 21, "no javac of JDK 21 or newer");
    String enumSwitch =
        JAVA_17.replace(
            "? new Level(kind.name().toLowerCase(), kind.ordinal() + 1)",
            "? switch (kind) { case BASIC -> new Level(\"basic\", 1);"
                + " case ADVANCED -> new Level(\"advanced\", 3); }");

    CodeFingerprint here = here(enumSwitch, "--release", "17");
    CodeFingerprint there = there(enumSwitch, "--release", "17");

    // javac 17 switches through a $SwitchMap class, javac 21 and later on ordinal() directly: a
    // code change with the same class-file version, which the version cannot tell from an edit.
    assertThat(there.value()).isNotEqualTo(here.value());
    assertThat(there.sameClassFileVersion(here)).isTrue();
  }

  @Test
  void compilingForANewerReleaseChangesTheClassFileVersion() {
    assumeTrue(other.isPresent() && other.get().feature() >= 21, "no javac of JDK 21 or newer");

    for (String source : new String[] {WITH_LAMBDA, JAVA_17}) {
      CodeFingerprint release17 = here(source, "--release", "17");
      CodeFingerprint release21 = there(source, "--release", "21");

      assertThat(release21.classFileVersion()).isEqualTo(65);
      assertThat(release21.sameClassFileVersion(release17)).isFalse();
      assertThat(release21.value()).isEqualTo(release17.value());
    }
  }

  @Test
  void aNewerReleaseMayCompileNestedClassesDifferentlyAndTheVersionTellsSo() {
    assumeTrue(other.isPresent() && other.get().feature() >= 21, "no javac of JDK 21 or newer");

    CodeFingerprint release17 = here(MigrationFingerprintsTests.ADD_TAGS, "--release", "17");
    CodeFingerprint release21 = there(MigrationFingerprintsTests.ADD_TAGS, "--release", "21");

    // For release 18 and later javac leaves out an inner class's unused outer instance (this$0).
    assertThat(release21.value()).isNotEqualTo(release17.value());
    assertThat(release21.sameClassFileVersion(release17)).isFalse();
  }

  private CodeFingerprint here(String source, String... options) {
    return fingerprint(source, CompiledClasses.compile(source, temp.resolve("here"), options));
  }

  private CodeFingerprint there(String source, String... options) {
    Path classes = temp.resolve("there");
    return fingerprint(
        source, CompiledClasses.compileWith(other.get().javac(), source, classes, options));
  }

  /** Read from the class files: a class compiled for a newer release does not load here. */
  private CodeFingerprint fingerprint(String source, Path classes) {
    MigrationFingerprints.ClassCode code =
        MigrationFingerprints.ofClassFiles(
            CompiledClasses.className(source),
            internalName -> {
              Path file = classes.resolve(internalName + ".class");
              return Files.exists(file) ? Files.readAllBytes(file) : null;
            });
    deleteRecursively(classes);
    assertThat(code.unavailable()).isNull();
    return code.fingerprint();
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A {@code javac} of a JDK other than the running one, and its feature version. */
  private record OtherJavac(Path javac, int feature) {

    static Optional<OtherJavac> find() {
      String configured = System.getProperty("lms.fingerprint.otherJavac");
      if (configured != null && !configured.isBlank()) {
        return of(Path.of(configured));
      }
      Path jvms = Path.of("/usr/lib/jvm");
      if (!Files.isDirectory(jvms)) {
        return Optional.empty();
      }
      try (Stream<Path> homes = Files.list(jvms)) {
        return homes
            .map(home -> home.resolve("bin/javac"))
            .filter(Files::isExecutable)
            .map(OtherJavac::of)
            .flatMap(Optional::stream)
            .filter(javac -> javac.feature() != Runtime.version().feature())
            .max(Comparator.comparingInt(OtherJavac::feature));
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    private static Optional<OtherJavac> of(Path javac) {
      try {
        Process process =
            new ProcessBuilder(javac.toString(), "-version").redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          return Optional.empty();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher version = JAVAC_VERSION.matcher(output);
        return version.find()
            ? Optional.of(new OtherJavac(javac, Integer.parseInt(version.group(1))))
            : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }
}

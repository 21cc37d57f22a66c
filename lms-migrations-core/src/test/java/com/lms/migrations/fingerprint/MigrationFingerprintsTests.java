package com.lms.migrations.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Migration;
import com.lms.migrations.testing.CompiledClasses;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aop.framework.ProxyFactory;

/**
 * A migration's code fingerprint, from classes compiled for real in variants of one source: what
 * does not change behaviour keeps it, any change to the code of the class or of a class nested in
 * it changes it.
 */
class MigrationFingerprintsTests {

  static final String ADD_TAGS =
      """
      package fp;

      import com.lms.migrations.Migration;
      import com.lms.migrations.MigrationContext;
      import java.util.List;
      import java.util.function.Function;

      public class AddTags implements Migration {
        public String name() { return "add_tags"; }
        public int version() { return 1; }
        public void up(MigrationContext context) {
          List<String> tagList = List.of("a", "b");
          Function<String, String> upper = tag -> tag.toUpperCase();
          Runnable report = new Runnable() {
            public void run() { context.log().info("tags {}", tagList); }
          };
          context.log().info("Added {}", upper.apply(tagList.get(0)) + Counter.count(tagList));
          report.run();
        }
        public void down(MigrationContext context) { context.log().info("Removed tags"); }
        static final class Counter {
          static int count(List<String> tags) { return tags.size(); }
        }
      }
      """;

  @TempDir Path temp;

  private final AtomicInteger compilations = new AtomicInteger();

  @Test
  void aComputedFingerprintIsTheSha256OfTheClassWithItsClassFileVersion() {
    CodeFingerprint fingerprint = fingerprint(ADD_TAGS);

    assertThat(fingerprint.value()).matches("sha256:[0-9a-f]{64}");
    assertThat(fingerprint.classFileVersion()).isEqualTo(Runtime.version().feature() + 44);
    assertThat(fingerprint.isUserSupplied()).isFalse();
  }

  @Test
  void commentsFormattingAndBlankLinesKeepTheFingerprint() {
    String reformatted =
        ADD_TAGS
            .replace("public class AddTags", "/** Adds tags. */\n\n\npublic class AddTags")
            .replace(
                "public int version() { return 1; }",
                "// The version.\n  public int version()\n  {\n\n    return 1;\n  }\n")
            .replace("report.run();", "report.run(); // every line below moves");

    assertThat(reformatted).isNotEqualTo(ADD_TAGS);
    assertThat(fingerprint(reformatted)).isEqualTo(fingerprint(ADD_TAGS));
  }

  @Test
  void renamedLocalVariablesAndParametersKeepTheFingerprint() {
    String renamed =
        ADD_TAGS
            .replace("tagList", "labels")
            .replace("tag -> tag.toUpperCase()", "label -> label.toUpperCase()")
            .replace("MigrationContext context", "MigrationContext ctx")
            .replace("context.log()", "ctx.log()");

    assertThat(fingerprint(renamed, "-g")).isEqualTo(fingerprint(ADD_TAGS, "-g"));
  }

  @Test
  void debugInformationKeepsTheFingerprint() {
    CodeFingerprint withDebug = fingerprint(ADD_TAGS, "-g");

    assertThat(fingerprint(ADD_TAGS, "-g:none")).isEqualTo(withDebug);
    assertThat(fingerprint(ADD_TAGS, "-g", "-parameters")).isEqualTo(withDebug);
    assertThat(fingerprint(ADD_TAGS)).isEqualTo(withDebug);
  }

  @Test
  void aChangedStatementInUpChangesTheFingerprint() {
    String changed = ADD_TAGS.replace("report.run();", "report.run();\n    report.run();");

    assertThat(fingerprint(changed).value()).isNotEqualTo(fingerprint(ADD_TAGS).value());
  }

  @Test
  void aChangedLambdaBodyChangesTheFingerprint() {
    String changed = ADD_TAGS.replace("tag.toUpperCase()", "tag.toLowerCase()");

    assertThat(fingerprint(changed).value()).isNotEqualTo(fingerprint(ADD_TAGS).value());
  }

  @Test
  void aChangedAnonymousClassBodyChangesTheFingerprint() {
    String changed = ADD_TAGS.replace("info(\"tags {}\"", "warn(\"tags {}\"");

    assertThat(fingerprint(changed).value()).isNotEqualTo(fingerprint(ADD_TAGS).value());
  }

  @Test
  void aChangedNestedClassBodyChangesTheFingerprint() {
    String changed = ADD_TAGS.replace("return tags.size();", "return tags.size() + 1;");

    assertThat(fingerprint(changed).value()).isNotEqualTo(fingerprint(ADD_TAGS).value());
  }

  @Test
  void aChangedConstantStringChangesTheFingerprint() {
    String changed = ADD_TAGS.replace("\"Removed tags\"", "\"Removed the tags\"");

    assertThat(fingerprint(changed).value()).isNotEqualTo(fingerprint(ADD_TAGS).value());
  }

  @Test
  void aMigrationNestedInAnotherClassCoversItsOwnNestedClassesOnly() {
    String outer =
        """
        package fp;

        import com.lms.migrations.Migration;
        import com.lms.migrations.MigrationContext;

        public class Migrations {
          static final class Sibling { int value() { return 1; } }
          public static class AddTags implements Migration {
            public String name() { return "add_tags"; }
            public int version() { return 1; }
            public void up(MigrationContext context) {
              new Object() { void log() { context.log().info("up"); } }.log();
            }
            public void down(MigrationContext context) {}
          }
        }
        """;
    String siblingChanged = outer.replace("return 1; } }", "return 2; } }");
    String anonymousChanged = outer.replace("info(\"up\")", "info(\"up!\")");

    CodeFingerprint original = fingerprintOfClass(outer, "fp.Migrations$AddTags");

    assertThat(fingerprintOfClass(siblingChanged, "fp.Migrations$AddTags")).isEqualTo(original);
    assertThat(fingerprintOfClass(anonymousChanged, "fp.Migrations$AddTags").value())
        .isNotEqualTo(original.value());
  }

  @Test
  void aChecksumFromTheMigrationWinsOverItsClass() {
    String withChecksum =
        ADD_TAGS.replace(
            "public int version() { return 1; }",
            "public int version() { return 1; }\n  public String checksum() { return \"v2\"; }");
    String changedWithChecksum = withChecksum.replace("report.run();", "");

    assertThat(fingerprint(withChecksum)).isEqualTo(new CodeFingerprint("user:v2", 0));
    assertThat(fingerprint(changedWithChecksum)).isEqualTo(fingerprint(withChecksum));
    assertThat(fingerprint(withChecksum).isUserSupplied()).isTrue();
  }

  @Test
  void aBlankChecksumMeansComputedFromTheClass() {
    String blank =
        ADD_TAGS.replace(
            "public int version() { return 1; }",
            "public int version() { return 1; }\n  public String checksum() { return \" \"; }");

    assertThat(fingerprint(blank).value()).startsWith("sha256:");
  }

  @Test
  void aSpringProxyHasTheFingerprintOfTheClassItProxies() {
    Migration migration = migration(ADD_TAGS);
    ProxyFactory factory = new ProxyFactory(migration);
    factory.setProxyTargetClass(true);
    Migration proxy = (Migration) factory.getProxy(migration.getClass().getClassLoader());

    assertThat(proxy.getClass()).isNotEqualTo(migration.getClass());
    assertThat(MigrationFingerprints.of(proxy)).isEqualTo(MigrationFingerprints.of(migration));
  }

  @Test
  void aHiddenClassHasNoFingerprintAndSaysWhy() throws Exception {
    String source =
        """
        package com.lms.migrations.fingerprint;

        import com.lms.migrations.Migration;
        import com.lms.migrations.MigrationContext;

        public class Plain implements Migration {
          public String name() { return "plain"; }
          public int version() { return 1; }
          public void up(MigrationContext context) { context.log().info("up"); }
          public void down(MigrationContext context) {}
        }
        """;
    byte[] bytes =
        Files.readAllBytes(compiled(source).resolve("com/lms/migrations/fingerprint/Plain.class"));
    Class<?> hidden = MethodHandles.lookup().defineHiddenClass(bytes, true).lookupClass();
    Migration migration = (Migration) hidden.getDeclaredConstructor().newInstance();

    assertThat(MigrationFingerprints.of(migration)).isEmpty();
    assertThat(MigrationFingerprints.unavailableReason(migration))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains(
                        "com.lms.migrations.fingerprint.Plain", "hidden class", "checksum()"));
  }

  @Test
  void aClassWithoutAClassFileHasNoFingerprintAndSaysWhy() {
    Migration migration =
        (Migration)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Migration.class},
                (proxy, method, arguments) -> method.getName().equals("checksum") ? null : 1);

    assertThat(MigrationFingerprints.of(migration)).isEmpty();
    assertThat(MigrationFingerprints.unavailableReason(migration))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains(
                        migration.getClass().getName(), "serves no class file", "checksum()"));
  }

  @Test
  void aClassFileNewerThanAsmReadsHasNoFingerprintAndSaysWhy() throws Exception {
    Path classes = compiled(ADD_TAGS);
    byte[] future = Files.readAllBytes(classes.resolve("fp/AddTags.class"));
    future[6] = 0;
    future[7] = 99;

    MigrationFingerprints.ClassCode code =
        MigrationFingerprints.ofClassFiles(
            "fp.AddTags",
            name ->
                name.equals("fp/AddTags")
                    ? future
                    : Files.readAllBytes(classes.resolve(name + ".class")));

    assertThat(code.fingerprint()).isNull();
    assertThat(code.unavailable()).contains("fp.AddTags", "ASM cannot read", "99", "checksum()");
  }

  @Test
  void aMigrationWithAFingerprintGivesNoReason() {
    assertThat(MigrationFingerprints.unavailableReason(migration(ADD_TAGS))).isEmpty();
  }

  private CodeFingerprint fingerprint(String source, String... options) {
    return fingerprintOf(migration(source, options));
  }

  private CodeFingerprint fingerprintOfClass(String source, String className) {
    return fingerprintOf(CompiledClasses.instantiate(compiled(source), className, Migration.class));
  }

  private Migration migration(String source, String... options) {
    return CompiledClasses.instantiate(
        compiled(source, options), CompiledClasses.className(source), Migration.class);
  }

  private Path compiled(String source, String... options) {
    return CompiledClasses.compile(
        source, temp.resolve("classes" + compilations.incrementAndGet()), options);
  }

  private static CodeFingerprint fingerprintOf(Migration migration) {
    return MigrationFingerprints.of(migration)
        .orElseThrow(
            () -> new AssertionError(MigrationFingerprints.unavailableReason(migration).get()));
  }
}

package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.background.BackgroundMigrationRunningException;
import com.lms.migrations.importer.HistoryImportRefusedException;
import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.tenant.TenantOutcome;
import com.lms.migrations.tenant.TenantRunReport;
import com.lms.migrations.testing.TestMigration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Every kind of failure has its own code, and the codes do not change: a caller that maps them (the
 * starter's advice, a script, an alert) keeps working across versions.
 */
class ErrorCodeTests {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  /** One of each concrete exception, by class, with the name its code must keep. */
  private static final Map<Class<?>, Sample> SAMPLES = samples();

  @Test
  void everyConcreteMigrationExceptionHasASample() {
    assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(concreteMigrationExceptions());
  }

  @Test
  void eachExceptionReportsItsOwnStableCode() {
    SAMPLES.forEach(
        (type, sample) -> {
          MigrationException exception = sample.exception().get();
          assertThat(exception).isExactlyInstanceOf(type);
          assertThat(exception.code().name()).as(type.getSimpleName()).isEqualTo(sample.code());
        });
  }

  @Test
  void noTwoExceptionsShareACodeAndEveryCodeIsRaised() {
    List<ErrorCode> codes =
        SAMPLES.values().stream().map(sample -> sample.exception().get().code()).toList();

    assertThat(codes).doesNotHaveDuplicates();
    assertThat(EnumSet.copyOf(codes)).isEqualTo(EnumSet.allOf(ErrorCode.class));
  }

  @Test
  void aMessageNamesSettingsAndCallsAsTheCallerAsks() {
    AdviceNames shouted =
        new AdviceNames() {
          @Override
          public String setting(String path) {
            return path.toUpperCase(java.util.Locale.ROOT);
          }

          @Override
          public String pause(String migrationName) {
            return "PAUSE " + migrationName;
          }
        };
    MigrationException timeout = SAMPLES.get(MigrationLockTimeoutException.class).exception().get();
    MigrationException running =
        SAMPLES.get(BackgroundMigrationRunningException.class).exception().get();

    assertThat(timeout.getMessage()).contains("raise the wait time (LockSettings.waitTime)");
    assertThat(timeout.getMessage(shouted)).contains("raise the wait time (LOCK.WAITTIME)");
    assertThat(timeout.getMessage(AdviceNames.core())).isEqualTo(timeout.getMessage());
    assertThat(running.getMessage(shouted)).contains("pause it (PAUSE backfill)");
    MigrationException unknown = SAMPLES.get(UnknownMigrationException.class).exception().get();
    assertThat(unknown.getMessage(shouted)).isEqualTo(unknown.getMessage());
  }

  private record Sample(String code, Supplier<MigrationException> exception) {}

  private static Map<Class<?>, Sample> samples() {
    Map<Class<?>, Sample> samples = new LinkedHashMap<>();
    Migration migration = TestMigration.recording("add_tags", 3);
    add(samples, "INVALID_MIGRATION", () -> new InvalidMigrationException("bad"));
    add(
        samples,
        "DUPLICATE_MIGRATION",
        () -> new DuplicateMigrationException("twice", migration, migration));
    add(samples, "UNKNOWN_MIGRATION", () -> new UnknownMigrationException("add_tag"));
    add(
        samples,
        "VALIDATION_FAILED",
        () ->
            construct(
                "com.lms.migrations.validation.MigrationValidationException",
                new Class<?>[] {List.class},
                List.of()));
    add(
        samples,
        "MIGRATION_FAILED",
        () ->
            new MigrationFailedException(
                new MigrationExecution(
                    "add_tags",
                    3,
                    Direction.UP,
                    MigrationState.FAILED,
                    NOW,
                    Duration.ZERO,
                    new IllegalStateException("boom"))));
    add(
        samples,
        "MIGRATION_NOT_APPLIED",
        () -> new MigrationNotAppliedException("add_tags", MigrationState.PENDING));
    add(
        samples,
        "HISTORY_WRITE_FAILED",
        () -> new MigrationRecordException("add_tags", "mark", new IllegalStateException("down")));
    add(
        samples,
        "LOCK_TIMEOUT",
        () ->
            new MigrationLockTimeoutException(
                new LockHolder("other", "pod-4", 4, NOW, NOW), Duration.ofMinutes(5), "lock"));
    add(samples, "LEASE_LOST", () -> new MigrationLeaseLostException("while applying"));
    add(
        samples,
        "UNREADABLE_LOCK",
        () -> new UnreadableMigrationLockException("lock", "migrations", "owner", 7, "a string"));
    add(
        samples,
        "UNREADABLE_RECORD",
        () ->
            new UnreadableMigrationRecordException(
                "lms_migrations", "add_tags", "executedAt", "yesterday", "a date"));
    add(
        samples,
        "FOREIGN_HISTORY_COLLECTION",
        () -> new ForeignMigrationCollectionException("courses", new Document("_id", 1)));
    add(samples, "TRANSACTIONS_UNAVAILABLE", TransactionsUnavailableException::new);
    add(samples, "BASELINE_NOT_ALLOWED", () -> new BaselineNotAllowedException("lms_migrations"));
    add(
        samples,
        "HISTORY_IMPORT_REFUSED",
        () ->
            new HistoryImportRefusedException(
                HistorySource.of(HistorySource.Tool.MONGOCK), List.of("a lock is held")));
    add(
        samples,
        "BATCH_TRANSFORM_FAILED",
        () ->
            construct(
                "com.lms.migrations.batch.BatchTransformException",
                new Class<?>[] {String.class, Object.class, Exception.class},
                "job",
                1,
                new IllegalStateException("bad")));
    add(
        samples,
        "BATCH_WRITE_FAILED",
        () ->
            construct(
                "com.lms.migrations.batch.BatchWriteException",
                new Class<?>[] {String.class, Object.class, String.class, Object.class},
                "job",
                1,
                "refused",
                null));
    add(
        samples,
        "BACKGROUND_MIGRATION_RUNNING",
        () -> new BackgroundMigrationRunningException("backfill", "owner other"));
    add(
        samples,
        "REQUIRED_MIGRATION_NOT_FINISHED",
        () ->
            new RequiredMigrationNotFinishedException(
                migration, "backfill", null, Duration.ZERO, true));
    add(
        samples,
        "TENANT_MIGRATIONS_FAILED",
        () ->
            construct(
                "com.lms.migrations.tenant.TenantMigrationsFailedException",
                new Class<?>[] {TenantRunReport.class},
                new TenantRunReport(
                    List.of(
                        new TenantOutcome(
                            "a",
                            TenantOutcome.State.NOT_STARTED,
                            List.of(),
                            null,
                            Duration.ZERO)))));
    add(
        samples,
        "UNKNOWN_TENANT",
        () ->
            construct(
                "com.lms.migrations.tenant.UnknownTenantException",
                new Class<?>[] {String.class, List.class},
                "c",
                List.of("a", "b")));
    add(
        samples,
        "IRREVERSIBLE_MIGRATION",
        () ->
            construct(
                "com.lms.migrations.verify.IrreversibleMigrationException",
                new Class<?>[] {String.class},
                "add_tags: a field differs"));
    add(
        samples,
        "SCHEMA_STEP_REFUSED",
        () ->
            construct(
                "com.lms.migrations.schema.SchemaStepRefusedException",
                new Class<?>[] {String.class},
                "Cannot drop collection departments: it holds 3 documents"));
    return samples;
  }

  private static void add(
      Map<Class<?>, Sample> samples, String code, Supplier<MigrationException> exception) {
    samples.put(exception.get().getClass(), new Sample(code, exception));
  }

  /** Calls a package-private constructor of another package. */
  private static MigrationException construct(String type, Class<?>[] parameters, Object... args) {
    try {
      Constructor<?> constructor = Class.forName(type).getDeclaredConstructor(parameters);
      constructor.setAccessible(true);
      return (MigrationException) constructor.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every concrete subclass of {@link MigrationException} among the core's classes. */
  private static Set<Class<?>> concreteMigrationExceptions() {
    Path classes;
    try {
      classes =
          Path.of(
              MigrationException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    try (Stream<Path> files = Files.walk(classes)) {
      return files
          .map(classes::relativize)
          .map(Path::toString)
          .filter(name -> name.endsWith(".class") && !name.contains("$"))
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          .map(ErrorCodeTests::load)
          .filter(MigrationException.class::isAssignableFrom)
          .filter(type -> !Modifier.isAbstract(type.getModifiers()))
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ErrorCodeTests.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}

package com.lms.migrations;

import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.validation.ValidationFinding;
import com.lms.migrations.validation.ValidationFinding.Kind;
import com.lms.migrations.validation.ValidationFinding.Severity;
import com.lms.migrations.validation.ValidationPolicy;
import com.lms.migrations.validation.ValidationResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compares the registered migrations with the recorded ones. Pure: reads nothing itself. */
final class MigrationValidator {

  private MigrationValidator() {}

  /**
   * Every disagreement between the code and the history.
   *
   * @param registered the registered migrations, by version
   * @param stored the recorded migrations, by name
   * @param policy which disagreements are tolerated (and then not reported)
   */
  static ValidationResult validate(
      List<Migration> registered, Map<String, StoredMigration> stored, ValidationPolicy policy) {
    List<ValidationFinding> findings = new ArrayList<>();
    Map<Integer, Migration> byVersion = new HashMap<>();
    Map<String, Migration> byName = new HashMap<>();
    registered.forEach(m -> byVersion.put(m.version(), m));
    registered.forEach(m -> byName.put(m.name(), m));
    Set<String> explained = new HashSet<>();

    for (StoredMigration record : stored.values()) {
      Migration sameName = byName.get(record.name());
      Migration sameVersion = byVersion.get(record.version());
      if (sameName != null && sameName.version() != record.version()) {
        explained.add(record.name());
        findings.add(versionChanged(record, sameName));
      } else if (sameName == null && sameVersion != null && wasRun(record)) {
        explained.add(record.name());
        explained.add(sameVersion.name());
        findings.add(nameChanged(record, sameVersion));
      }
    }
    int highestKnown = registered.stream().mapToInt(Migration::version).max().orElse(0);
    List<MigrationStatus> future = new ArrayList<>();
    for (StoredMigration record : stored.values()) {
      boolean unknown =
          !byName.containsKey(record.name())
              && !explained.contains(record.name())
              && wasRun(record);
      if (unknown && !registered.isEmpty() && record.version() > highestKnown) {
        // Recorded by a newer build: this one is an older build rolled back to during a deploy.
        future.add(record.toStatus());
        findings.add(future(record, highestKnown));
      } else if (unknown && !policy.ignoreMissing()) {
        findings.add(missing(record));
      }
    }
    int highestApplied =
        stored.values().stream()
            .filter(record -> record.state() == MigrationState.COMPLETED)
            .filter(record -> record.version() <= highestKnown)
            .mapToInt(StoredMigration::version)
            .max()
            .orElse(0);
    for (Migration migration : registered) {
      // Only a migration never recorded was merged late; one rolled back on purpose is not.
      boolean neverRecorded = !stored.containsKey(migration.name());
      // A background migration is applied after later regular ones by design.
      boolean late =
          neverRecorded
              && migration.version() < highestApplied
              && !(migration instanceof BackgroundMigration);
      if (late && !explained.contains(migration.name()) && !policy.outOfOrder()) {
        findings.add(outOfOrder(migration, highestApplied));
      }
    }
    for (int i = 1; i < registered.size(); i++) {
      Migration previous = registered.get(i - 1);
      Migration current = registered.get(i);
      if (current.version() > previous.version() + 1) {
        findings.add(versionGap(previous, current));
      }
    }
    future.sort(Comparator.comparingInt(MigrationStatus::version));
    return new ValidationResult(findings, future);
  }

  private static ValidationFinding versionChanged(StoredMigration record, Migration local) {
    return new ValidationFinding(
        Kind.VERSION_CHANGED,
        record.name(),
        record.version(),
        String.valueOf(record.version()),
        String.valueOf(local.version()),
        Severity.ERROR,
        "Migration '"
            + record.name()
            + "' is recorded with version "
            + record.version()
            + " but the code says version "
            + local.version()
            + ".",
        "Versions of recorded migrations must not change: restore version "
            + record.version()
            + ".");
  }

  private static ValidationFinding nameChanged(StoredMigration record, Migration local) {
    return new ValidationFinding(
        Kind.NAME_CHANGED,
        record.name(),
        record.version(),
        record.name(),
        local.name(),
        Severity.ERROR,
        "Version "
            + record.version()
            + " is recorded as '"
            + record.name()
            + "' but the code has '"
            + local.name()
            + "' at that version.",
        "Don't rename applied migrations: restore the name '"
            + record.name()
            + "', or give '"
            + local.name()
            + "' a new version.");
  }

  private static ValidationFinding missing(StoredMigration record) {
    return new ValidationFinding(
        Kind.MISSING,
        record.name(),
        record.version(),
        record.state().name(),
        null,
        Severity.ERROR,
        recordedAs(record) + " but no longer exists in the code.",
        "Don't delete migrations that have run: restore its class, or set"
            + " ValidationPolicy.ignoreMissing to ignore it.");
  }

  private static ValidationFinding future(StoredMigration record, int highestKnown) {
    return new ValidationFinding(
        Kind.FUTURE,
        record.name(),
        record.version(),
        record.state().name(),
        String.valueOf(highestKnown),
        Severity.WARNING,
        recordedAs(record)
            + " but this build knows versions up to "
            + highestKnown
            + " only: it was applied by a newer build.",
        "Starting anyway; it stays applied until that build, which can roll it back, runs again.");
  }

  private static ValidationFinding outOfOrder(Migration migration, int highestApplied) {
    return new ValidationFinding(
        Kind.OUT_OF_ORDER,
        migration.name(),
        migration.version(),
        String.valueOf(highestApplied),
        String.valueOf(migration.version()),
        Severity.ERROR,
        "Migration '"
            + migration.name()
            + "' (version "
            + migration.version()
            + ") is pending but version "
            + highestApplied
            + " is already applied: it was merged late.",
        "Give it a version above "
            + highestApplied
            + ", or set ValidationPolicy.outOfOrder to apply it anyway.");
  }

  private static ValidationFinding versionGap(Migration previous, Migration current) {
    return new ValidationFinding(
        Kind.VERSION_GAP,
        current.name(),
        current.version(),
        null,
        String.valueOf(previous.version()),
        Severity.WARNING,
        "Versions jump from "
            + previous.version()
            + " ('"
            + previous.name()
            + "') to "
            + current.version()
            + " ('"
            + current.name()
            + "');",
        "don't skip version numbers.");
  }

  private static String recordedAs(StoredMigration record) {
    return "Migration '"
        + record.name()
        + "' (version "
        + record.version()
        + ") is recorded as "
        + record.state();
  }

  private static boolean wasRun(StoredMigration record) {
    return record.state() != MigrationState.PENDING;
  }
}

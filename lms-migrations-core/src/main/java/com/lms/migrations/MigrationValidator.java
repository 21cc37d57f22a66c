package com.lms.migrations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compares the registered migrations with the recorded ones. */
final class MigrationValidator {

  private MigrationValidator() {}

  static ValidationResult validate(
      List<Migration> registered, Map<String, StoredMigration> stored, ValidationPolicy policy) {
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
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
        errors.add(
            "Migration '"
                + record.name()
                + "' is recorded with version "
                + record.version()
                + " but the code says version "
                + sameName.version()
                + ". Versions of recorded migrations must not change: restore version "
                + record.version()
                + ".");
      } else if (sameName == null && sameVersion != null && wasRun(record)) {
        explained.add(record.name());
        explained.add(sameVersion.name());
        errors.add(
            "Version "
                + record.version()
                + " is recorded as '"
                + record.name()
                + "' but the code has '"
                + sameVersion.name()
                + "' at that version. Don't rename applied migrations: restore the name '"
                + record.name()
                + "', or give '"
                + sameVersion.name()
                + "' a new version.");
      }
    }
    int highestKnown = registered.stream().mapToInt(Migration::version).max().orElse(0);
    List<MigrationStatus> future = new ArrayList<>();
    for (StoredMigration record : stored.values()) {
      boolean unknown =
          !byName.containsKey(record.name())
              && !explained.contains(record.name())
              && wasRun(record);
      String recorded =
          "Migration '"
              + record.name()
              + "' (version "
              + record.version()
              + ") is recorded as "
              + record.state();
      if (unknown && !registered.isEmpty() && record.version() > highestKnown) {
        // Recorded by a newer build: this one is an older build rolled back to during a deploy.
        future.add(record.toStatus());
        warnings.add(
            recorded
                + " but this build knows versions up to "
                + highestKnown
                + " only: it was applied by a newer build. Starting anyway; it stays applied"
                + " until that build, which can roll it back, runs again.");
      } else if (unknown && !policy.ignoreMissing()) {
        errors.add(
            recorded
                + " but no longer exists in the code. Don't delete migrations that have run:"
                + " restore its class, or set lms.migrations.ignore-missing=true to ignore it.");
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
      boolean late = neverRecorded && migration.version() < highestApplied;
      if (late && !explained.contains(migration.name()) && !policy.outOfOrder()) {
        errors.add(
            "Migration '"
                + migration.name()
                + "' (version "
                + migration.version()
                + ") is pending but version "
                + highestApplied
                + " is already applied: it was merged late. Give it a version above "
                + highestApplied
                + ", or set lms.migrations.out-of-order=true to apply it anyway.");
      }
    }
    for (int i = 1; i < registered.size(); i++) {
      int previous = registered.get(i - 1).version();
      int current = registered.get(i).version();
      if (current > previous + 1) {
        warnings.add(
            "Versions jump from "
                + previous
                + " ('"
                + registered.get(i - 1).name()
                + "') to "
                + current
                + " ('"
                + registered.get(i).name()
                + "'); don't skip version numbers.");
      }
    }
    future.sort(java.util.Comparator.comparingInt(MigrationStatus::version));
    return new ValidationResult(errors, warnings, future);
  }

  private static boolean wasRun(StoredMigration record) {
    return record.state() != MigrationState.PENDING;
  }
}

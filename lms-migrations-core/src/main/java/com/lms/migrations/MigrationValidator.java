package com.lms.migrations;

import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.fingerprint.CodeFingerprint;
import com.lms.migrations.validation.ValidationFinding;
import com.lms.migrations.validation.ValidationFinding.Kind;
import com.lms.migrations.validation.ValidationFinding.Severity;
import com.lms.migrations.validation.ValidationPolicy;
import com.lms.migrations.validation.ValidationPolicy.ChecksumCheck;
import com.lms.migrations.validation.ValidationResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

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
    return validate(registered, stored, policy, null);
  }

  /**
   * Every disagreement between the code and the history, with the code's fingerprints from the
   * given function.
   *
   * @param fingerprints the fingerprint of a migration's code now, given its record, empty when it
   *     cannot be computed; {@code null} for {@link StoredMigration#currentCode} (no lambda on the
   *     path every restart takes)
   */
  static ValidationResult validate(
      List<Migration> registered,
      Map<String, StoredMigration> stored,
      ValidationPolicy policy,
      @Nullable BiFunction<Migration, StoredMigration, Optional<CodeFingerprint>> fingerprints) {
    List<ValidationFinding> findings = new ArrayList<>();
    Map<Integer, Migration> byVersion = new HashMap<>();
    Map<String, Migration> byName = new HashMap<>();
    for (Migration migration : registered) {
      if (!(migration instanceof RepeatableMigration)) {
        byVersion.put(migration.version(), migration);
      }
    }
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
              && !(migration instanceof BackgroundMigration)
              && !(migration instanceof RepeatableMigration);
      if (late && !explained.contains(migration.name()) && !policy.outOfOrder()) {
        findings.add(outOfOrder(migration, highestApplied));
      }
    }
    if (policy.checksums() != ChecksumCheck.OFF) {
      for (Migration migration : registered) {
        StoredMigration record = stored.get(migration.name());
        // A repeatable migration whose code changed is not drift: it runs again.
        if (record != null
            && !explained.contains(migration.name())
            && !(migration instanceof RepeatableMigration)) {
          Optional<ValidationFinding> changed =
              changedCode(migration, record, fingerprints, policy.checksums());
          if (changed.isPresent()) {
            findings.add(changed.get());
          }
        }
      }
    }
    for (int i = 1; i < registered.size(); i++) {
      Migration previous = registered.get(i - 1);
      Migration current = registered.get(i);
      if (!(current instanceof RepeatableMigration) && current.version() > previous.version() + 1) {
        findings.add(versionGap(previous, current));
      }
    }
    future.sort(Comparator.comparingInt(MigrationStatus::version));
    return new ValidationResult(findings, future);
  }

  /**
   * Whether the code of an applied migration changed since it was recorded: the same kind of
   * fingerprint (computed by the same class-file version, or the user's own) with another value.
   */
  static boolean isChanged(CodeFingerprint recorded, CodeFingerprint current) {
    return !recorded.value().equals(current.value()) && sameKind(recorded, current);
  }

  /**
   * Whether a recorded fingerprint is to be replaced quietly: none was recorded, or the code was
   * recompiled (another class-file version) or switched to or from its own checksum.
   */
  static boolean isRecompiled(CodeFingerprint recorded, CodeFingerprint current) {
    return !recorded.value().equals(current.value()) && !sameKind(recorded, current);
  }

  private static boolean sameKind(CodeFingerprint recorded, CodeFingerprint current) {
    return recorded.isUserSupplied() == current.isUserSupplied()
        && recorded.sameClassFileVersion(current);
  }

  private static Optional<ValidationFinding> changedCode(
      Migration migration,
      StoredMigration record,
      @Nullable BiFunction<Migration, StoredMigration, Optional<CodeFingerprint>> fingerprints,
      ChecksumCheck check) {
    if (record.state() != MigrationState.COMPLETED || record.code() == null) {
      return Optional.empty();
    }
    CodeFingerprint recorded = record.code().fingerprint();
    Optional<CodeFingerprint> current =
        fingerprints == null
            ? StoredMigration.currentCode(migration, record)
            : fingerprints.apply(migration, record);
    return current.isPresent() && isChanged(recorded, current.get())
        ? Optional.of(changed(record, recorded, current.get(), check))
        : Optional.empty();
  }

  private static ValidationFinding changed(
      StoredMigration record,
      CodeFingerprint recorded,
      CodeFingerprint current,
      ChecksumCheck check) {
    StoredMigration.RecordedCode code = record.code();
    return new ValidationFinding(
        Kind.CHANGED,
        record.name(),
        record.version(),
        recorded.value(),
        current.value(),
        check == ChecksumCheck.FAIL ? Severity.ERROR : Severity.WARNING,
        "Migration '"
            + record.name()
            + "' (version "
            + record.version()
            + ") changed since it was applied"
            + (record.executedAt() == null ? "" : " at " + record.executedAt())
            + (code == null || code.appliedBy() == null ? "" : " by " + code.appliedBy())
            + ": its code's fingerprint was "
            + recorded.value()
            + " and is "
            + current.value()
            + ".",
        "Undo the change and write a new migration for it, or, when the change is intended and the"
            + " database needs nothing more, accept it with MigrationRunner.acceptChange(\""
            + record.name()
            + "\").");
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

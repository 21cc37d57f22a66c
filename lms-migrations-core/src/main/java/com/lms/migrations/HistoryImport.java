package com.lms.migrations;

import com.lms.migrations.MigrationLock.Lease;
import com.lms.migrations.importer.HistoryImportRefusedException;
import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.importer.ImportPlan;
import com.lms.migrations.importer.LegacyChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adopts another migration tool's history: every registered migration that replaces changes the old
 * tool applied is recorded as applied, with the original time and duration, without running it.
 * Like a baseline, only on an empty history, under the lock, checked again under it.
 */
final class HistoryImport {

  private static final Logger log = LoggerFactory.getLogger(HistoryImport.class);

  private final MigrationRegistry registry;
  private final MigrationStore store;
  private final MigrationLock lock;
  private final LegacyHistory legacy;
  private final ServerInfo server;
  private final RunGuard guard;
  private final Clock clock;
  private final RunnerIdentity me;

  HistoryImport(
      MigrationRegistry registry,
      MigrationStore store,
      MigrationLock lock,
      LegacyHistory legacy,
      ServerInfo server,
      RunGuard guard,
      Clock clock,
      RunnerIdentity me) {
    this.registry = registry;
    this.store = store;
    this.lock = lock;
    this.legacy = legacy;
    this.server = server;
    this.guard = guard;
    this.clock = clock;
    this.me = me;
  }

  ImportPlan plan(HistorySource source) {
    return plan(source, legacy.changes(source), !store.isEmpty());
  }

  /**
   * Records as COMPLETED each mapped migration whose old changes were all applied and which has no
   * record of its own yet. Safe to call again: after a partial import (a crash, a lost lease), the
   * next call records the rest; racing instances record each migration once; a migration this
   * library ran, rolled back or marked is never touched.
   */
  List<MigrationStatus> importHistory(HistorySource source, @Nullable String principal) {
    return guard.run(
        () -> {
          Pending before = pending(source);
          if (before.nothingLeft()) {
            logNothingLeft(before, source);
            return List.of();
          }
          refuseIfProblems(before.plan());
          List<MigrationStatus> recorded = new ArrayList<>();
          try (Lease lease = lock.acquire()) {
            Pending now = pending(source);
            if (now.nothingLeft()) {
              log.info(
                  "Another instance imported the {} history meanwhile; nothing left to import",
                  source.tool().id());
              return List.of();
            }
            ImportPlan plan = now.plan();
            refuseIfProblems(plan);
            for (Map.Entry<String, List<ImportPlan.Row>> migration : now.toRecord().entrySet()) {
              lease.ensureRecentlyHeld("before recording the import");
              recorded.add(
                  record(
                      registry.require(migration.getKey()),
                      migration.getValue(),
                      source,
                      principal));
            }
            log.info(
                "Imported {} migrations from {} ('{}'); old changes no migration replaces, not"
                    + " imported: {}",
                recorded.size(),
                source.tool().id(),
                source.collection(),
                plan.unmapped().isEmpty()
                    ? "none"
                    : plan.unmapped().stream().map(LegacyChange::id).toList());
          }
          return List.copyOf(recorded);
        });
  }

  private static void logNothingLeft(Pending pending, HistorySource source) {
    if (pending.unrecorded().isEmpty()) {
      log.debug("Nothing left to import from {}", source.tool().id());
      return;
    }
    log.info(
        "Nothing left to import from {}: its history '{}' is gone and lms-migrations has history"
            + " here already, so migrations {} run as usual; the import can be left out of the"
            + " configuration now",
        source.tool().id(),
        source.collection(),
        pending.unrecorded().keySet());
  }

  /** The plan and what is left of it, from one read of our history and one of the old one. */
  private Pending pending(HistorySource source) {
    Map<String, StoredMigration> stored = store.findAll();
    List<LegacyChange> changes = legacy.changes(source);
    ImportPlan plan = plan(source, changes, !stored.isEmpty());
    Map<String, List<ImportPlan.Row>> unrecorded = new LinkedHashMap<>();
    ImportChecks.byMigration(plan.rows())
        .forEach(
            (name, rows) -> {
              if (!stored.containsKey(name)) {
                unrecorded.put(name, rows);
              }
            });
    return new Pending(plan, unrecorded, changes.isEmpty());
  }

  /**
   * An import plan with the mapped migrations that have no record of their own yet.
   *
   * @param unrecorded those migrations, with their old changes
   * @param oldHistoryGone whether the old tool's history is missing or empty
   */
  private record Pending(
      ImportPlan plan, Map<String, List<ImportPlan.Row>> unrecorded, boolean oldHistoryGone) {

    /**
     * A first import is always checked; later ones only while something is left to record, which
     * nothing is once the old history was dropped (after the import, as the guide says).
     */
    boolean nothingLeft() {
      return plan.historyExists() && (unrecorded.isEmpty() || oldHistoryGone);
    }

    /** The unrecorded migrations whose old changes were all applied. */
    Map<String, List<ImportPlan.Row>> toRecord() {
      Map<String, List<ImportPlan.Row>> result = new LinkedHashMap<>();
      unrecorded.forEach(
          (name, rows) -> {
            if (rows.stream().allMatch(ImportPlan.Row::imported)) {
              result.put(name, rows);
            }
          });
      return result;
    }
  }

  private MigrationStatus record(
      Migration migration,
      List<ImportPlan.Row> rows,
      HistorySource source,
      @Nullable String principal) {
    Instant at =
        rows.stream()
            .map(row -> row.change().at())
            .filter(Objects::nonNull)
            .max(Comparator.naturalOrder())
            .orElseGet(clock::instant);
    long durationMs =
        rows.stream()
            .map(row -> row.change().durationMs())
            .filter(Objects::nonNull)
            .mapToLong(Long::longValue)
            .sum();
    List<String> documents = new ArrayList<>();
    for (ImportPlan.Row row : rows) {
      documents.add(describe(row.change()));
    }
    String from =
        source.tool().id() + " '" + source.collection() + "': " + String.join("; ", documents);
    store.record(
        migration,
        MigrationState.COMPLETED,
        new Execution(
            Direction.UP,
            MigrationState.COMPLETED,
            at,
            durationMs,
            null,
            me,
            principal,
            "IMPORTED",
            null),
        from);
    return store.status(migration);
  }

  private static String describe(LegacyChange change) {
    return "_id "
        + change.sourceId()
        + " (id '"
        + change.id()
        + "'"
        + (change.author() == null ? "" : ", author " + change.author())
        + (change.host() == null ? "" : ", host " + change.host())
        + ")";
  }

  private static void refuseIfProblems(ImportPlan plan) {
    if (!plan.problems().isEmpty()) {
      throw new HistoryImportRefusedException(plan.source(), plan.problems());
    }
  }

  private ImportPlan plan(HistorySource source, List<LegacyChange> changes, boolean historyExists) {
    String tool = source.tool().id();
    List<String> problems = new ArrayList<>();
    legacy
        .heldLock(source, server.refreshIfOlderThan(Duration.ofSeconds(1)))
        .ifPresent(problems::add);
    Map<String, LegacyChange> byId = new LinkedHashMap<>();
    Map<String, Set<@Nullable String>> authorsById = new LinkedHashMap<>();
    for (LegacyChange change : changes) {
      byId.put(change.id(), change);
      authorsById.computeIfAbsent(change.id(), id -> new LinkedHashSet<>()).add(change.author());
      ImportChecks.failedChange(tool, change).ifPresent(problems::add);
    }
    Map<String, Set<String>> claims = new LinkedHashMap<>();
    for (Migration migration : registry.all()) {
      for (String oldId : migration.replaces()) {
        claims.computeIfAbsent(oldId, id -> new LinkedHashSet<>()).add(migration.name());
      }
    }
    source
        .mappings()
        .forEach(
            (oldId, name) -> {
              Optional<String> unregistered =
                  ImportChecks.unregisteredMapping(tool, oldId, name, registry);
              unregistered.ifPresent(problems::add);
              if (unregistered.isEmpty()) {
                claims.computeIfAbsent(oldId, id -> new LinkedHashSet<>()).add(name);
              }
            });
    List<ImportPlan.Row> rows = new ArrayList<>();
    claims.forEach(
        (oldId, names) -> {
          ImportChecks.claimedTwice(tool, oldId, names).ifPresent(problems::add);
          ImportChecks.severalAuthors(tool, oldId, authorsById.getOrDefault(oldId, Set.of()), names)
              .ifPresent(problems::add);
          for (String name : names) {
            rows.add(
                new ImportPlan.Row(oldId, byId.get(oldId), name, registry.require(name).version()));
          }
        });
    problems.addAll(
        ImportChecks.belowFlywayBaseline(legacy.flywayBaseline(source), claims.keySet(), byId));
    ImportChecks.wrongPlace(source, byId, claims.keySet(), historyExists).ifPresent(problems::add);
    rows.sort(
        Comparator.comparingInt(ImportPlan.Row::version).thenComparing(ImportPlan.Row::oldId));
    problems.addAll(ImportChecks.partlyApplied(tool, rows));
    List<LegacyChange> unmapped =
        changes.stream().filter(change -> !claims.containsKey(change.id())).toList();
    return new ImportPlan(source, rows, unmapped, problems, historyExists);
  }
}

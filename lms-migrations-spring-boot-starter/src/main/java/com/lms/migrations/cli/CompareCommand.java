package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_FAILED;
import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.MigrationHistoryEntry;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code compare}: this database's history against another database's of the same connection (a
 * tenant's, with tenants), such as staging against production: the migrations applied on one only,
 * those applied on both with different fingerprints of their code, and those recorded with
 * different versions. Reads both through runners; writes nothing. Exit 0 when they agree, 1 when
 * they differ.
 */
final class CompareCommand implements DatabaseCommand {

  @Override
  public int run(CommandDatabase database, PrintStream out, PrintStream err) {
    MigrationRunner here = database.runner();
    MigrationRunner there = here.forDatabase(database.arguments().requireCompareDatabase());
    String hereName = here.getDatabaseName();
    String thereName = there.getDatabaseName();
    Map<String, Applied> left = applied(here);
    Map<String, Applied> right = applied(there);
    Set<String> names = new LinkedHashSet<>(left.keySet());
    names.addAll(right.keySet());
    List<String> differences = new ArrayList<>();
    for (String name : names) {
      Applied a = left.get(name);
      Applied b = right.get(name);
      if (a == null || b == null) {
        Applied only = a == null ? b : a;
        differences.add(
            only.describe() + ": applied on " + (a == null ? thereName : hereName) + " only");
      } else if (a.version() != b.version()) {
        differences.add(
            name
                + ": version "
                + a.version()
                + " on "
                + hereName
                + ", version "
                + b.version()
                + " on "
                + thereName);
      } else if (!Objects.equals(a.fingerprint(), b.fingerprint())) {
        differences.add(
            a.describe()
                + ": fingerprint "
                + a.fingerprintText()
                + " on "
                + hereName
                + ", "
                + b.fingerprintText()
                + " on "
                + thereName);
      }
    }
    if (differences.isEmpty()) {
      out.println("Same: " + hereName + " and " + thereName + " have the same history.");
      return EXIT_OK;
    }
    differences.forEach(difference -> out.println("Differs: " + difference));
    String count = differences.size() + (differences.size() == 1 ? " difference" : " differences");
    out.println(count + " between " + hereName + " and " + thereName + ".");
    err.println(
        "Error: "
            + database.errorPrefix()
            + "the histories of "
            + hereName
            + " and "
            + thereName
            + " differ ("
            + count
            + ", listed on stdout)");
    return EXIT_FAILED;
  }

  /**
   * The migrations a database records as applied, by name: this build's (with the fingerprint of
   * the code they were applied with, from their history) and those of a newer build.
   */
  private static Map<String, Applied> applied(MigrationRunner runner) {
    MigrationsInfo info = runner.info();
    Map<String, Applied> applied = new LinkedHashMap<>();
    for (MigrationStatus status : info.migrations()) {
      if (status.isApplied()) {
        applied.put(
            status.name(),
            new Applied(status.name(), status.version(), fingerprint(runner, status.name())));
      }
    }
    for (MigrationStatus status : info.future()) {
      if (status.isApplied()) {
        applied.put(status.name(), new Applied(status.name(), status.version(), null));
      }
    }
    return applied;
  }

  /** The fingerprint the latest entry that recorded one left applied, or null when none did. */
  private static @Nullable String fingerprint(MigrationRunner runner, String name) {
    List<MigrationHistoryEntry> history = runner.getHistory(name);
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).checksum() != null) {
        return history.get(i).checksum();
      }
    }
    return null;
  }

  /** A migration recorded as applied in one database. */
  private record Applied(String name, int version, @Nullable String fingerprint) {

    String describe() {
      return name + " (version " + version + ")";
    }

    String fingerprintText() {
      return fingerprint == null ? "none recorded" : fingerprint;
    }
  }
}

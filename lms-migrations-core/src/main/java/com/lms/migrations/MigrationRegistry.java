package com.lms.migrations;

import com.lms.migrations.background.BackgroundMigration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The registered migrations, validated and unique by name and by version. */
final class MigrationRegistry {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_]*");
  private static final int MAX_NAME_LENGTH = 100;

  private final Map<String, Migration> byName = new LinkedHashMap<>();

  synchronized void register(Migration migration) {
    if (migration == null) {
      throw new InvalidMigrationException(
          "Cannot register a null migration; pass an instance of a class implementing Migration");
    }
    String name = migration.name();
    String type = migration.getClass().getName();
    if (name == null || name.isBlank()) {
      throw new InvalidMigrationException(
          "Migration "
              + type
              + " has a blank name; return a name such as 'add_course_tags' from"
              + " name()");
    }
    if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
      throw new InvalidMigrationException(
          "Migration name '"
              + name
              + "' ("
              + type
              + ") is invalid: use lower-case letters, digits and underscores, starting with a"
              + " letter or digit ([a-z0-9][a-z0-9_]*), at most "
              + MAX_NAME_LENGTH
              + " characters");
    }
    int version = migration.version();
    boolean repeatable = migration instanceof RepeatableMigration;
    if (repeatable && version != 0) {
      throw new InvalidMigrationException(
          "Repeatable migration '"
              + name
              + "' ("
              + type
              + ") has version "
              + version
              + "; a repeatable migration has no version: do not override version()");
    }
    if (repeatable && migration instanceof BackgroundMigration) {
      throw new InvalidMigrationException(
          "Migration '"
              + name
              + "' ("
              + type
              + ") is both repeatable and a background migration; a repeatable migration runs"
              + " after the versioned ones at every change, so make it one or the other");
    }
    if (!repeatable && version < 1) {
      throw new InvalidMigrationException(
          "Migration '" + name + "' has version " + version + "; versions start at 1");
    }
    Migration sameName = byName.get(name);
    if (sameName != null) {
      throw new DuplicateMigrationException(
          "Two migrations are named '"
              + name
              + "': "
              + sameName.getClass().getName()
              + " (version "
              + sameName.version()
              + ") and "
              + type
              + " (version "
              + version
              + "); give each migration its own name, and keep the name of the one that is"
              + " already applied (the history records it by name)",
          sameName,
          migration);
    }
    for (Migration other : byName.values()) {
      if (!repeatable && other.version() == version) {
        // Which one is applied is only known from the history, which registration does not read.
        throw new DuplicateMigrationException(
            "Migrations '"
                + other.name()
                + "' and '"
                + name
                + "' both have version "
                + version
                + " ("
                + other.getClass().getName()
                + " and "
                + type
                + "); renumber the one that is not applied yet to a free version, and keep the"
                + " version of the one that is applied",
            other,
            migration);
      }
    }
    List<String> requires = migration.requires();
    if (requires == null) {
      throw new InvalidMigrationException(
          "Migration '" + name + "' (" + type + ") returns null from requires(); return List.of()");
    }
    for (String required : requires) {
      if (required == null || !NAME.matcher(required).matches() || required.equals(name)) {
        throw new InvalidMigrationException(
            "Migration '"
                + name
                + "' ("
                + type
                + ") requires '"
                + required
                + "', which is not the name of another migration; requires() lists the names"
                + " of background migrations that must complete first");
      }
    }
    byName.put(name, migration);
  }

  /** Whether a migration runs in the background, under a lease of its own. */
  synchronized boolean isBackground(String name) {
    return byName.get(name) instanceof BackgroundMigration;
  }

  /** The background migrations, lowest version first. */
  List<Migration> background() {
    return all().stream().filter(BackgroundMigration.class::isInstance).toList();
  }

  synchronized Optional<Migration> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  synchronized Migration require(String name) {
    Migration migration = byName.get(name);
    if (migration == null) {
      throw new UnknownMigrationException(name);
    }
    return migration;
  }

  /** Every migration, lowest version first, then the repeatable ones by name (they run last). */
  synchronized List<Migration> all() {
    List<Migration> sorted = new ArrayList<>(byName.values());
    sorted.sort(ORDER);
    return List.copyOf(sorted);
  }

  private static final Comparator<Migration> ORDER =
      new Comparator<>() {
        @Override
        public int compare(Migration left, Migration right) {
          boolean leftRepeats = left instanceof RepeatableMigration;
          boolean rightRepeats = right instanceof RepeatableMigration;
          if (leftRepeats != rightRepeats) {
            return leftRepeats ? 1 : -1;
          }
          return leftRepeats
              ? left.name().compareTo(right.name())
              : Integer.compare(left.version(), right.version());
        }
      };
}

package com.lms.migrations.startup;

import com.lms.migrations.MigrationRunner;
import java.util.Optional;

/**
 * What the application does with its migrations at startup (and the {@code migrate} command). The
 * default applies every pending migration up to {@code lms.migrations.target-version}; define a
 * bean of this type to do something else (for example only validate, or migrate from a separate
 * job).
 */
@FunctionalInterface
public interface MigrationStartupStrategy {

  /**
   * Runs at startup, before the application accepts traffic.
   *
   * @param runner the runner
   */
  void migrate(MigrationRunner runner);

  /**
   * Runs like {@link #migrate} and reports what this instance did, so that the {@code migrate}
   * command can tell it apart from what another instance did meanwhile. The default calls {@link
   * #migrate} and reports nothing; override it when the strategy knows what it ran.
   *
   * @param runner the runner
   * @return what this instance did, or empty when the strategy does not say
   */
  default Optional<MigrationStartupResult> migrateAndReport(MigrationRunner runner) {
    migrate(runner);
    return Optional.empty();
  }
}

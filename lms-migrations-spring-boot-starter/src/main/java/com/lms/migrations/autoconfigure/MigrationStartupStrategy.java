package com.lms.migrations.autoconfigure;

import com.lms.migrations.MigrationRunner;

/**
 * What the application does with its migrations at startup. The default applies every pending
 * migration up to {@code lms.migrations.target-version}; define a bean of this type to do something
 * else (for example only validate, or migrate from a separate job).
 */
@FunctionalInterface
public interface MigrationStartupStrategy {

  /**
   * Runs at startup, before the application accepts traffic.
   *
   * @param runner the runner
   */
  void migrate(MigrationRunner runner);
}

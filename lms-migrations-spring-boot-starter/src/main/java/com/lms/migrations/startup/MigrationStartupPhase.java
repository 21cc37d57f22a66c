package com.lms.migrations.startup;

/** When the startup migrations run ({@code lms.migrations.startup.phase}). */
public enum MigrationStartupPhase {

  /**
   * As the first {@code ApplicationRunner}: after the context is refreshed and the web server has
   * started (requests are held with 503 meanwhile), before the application is ready.
   */
  RUNNER,

  /**
   * While the context refreshes, the way Spring Boot runs Flyway: before any {@code SmartLifecycle}
   * bean starts (the web server, schedulers, message listener containers) and before every bean
   * marked {@link DependsOnMigrations} is created.
   */
  REFRESH
}

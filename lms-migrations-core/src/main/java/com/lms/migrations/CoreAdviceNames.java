package com.lms.migrations;

/** The core API's names for settings and calls, as {@link AdviceNames#core()} gives them. */
enum CoreAdviceNames implements AdviceNames {
  INSTANCE;

  private static final String LOCK = "lock.";

  @Override
  public String setting(String path) {
    return path.startsWith(LOCK)
        ? "LockSettings." + path.substring(LOCK.length())
        : "MigrationSettings." + path;
  }

  @Override
  public String pause(String migrationName) {
    return "MigrationRunner.background().pause(\"" + migrationName + "\")";
  }
}

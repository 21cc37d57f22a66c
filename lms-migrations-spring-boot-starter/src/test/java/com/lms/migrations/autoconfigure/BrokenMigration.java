package com.lms.migrations.autoconfigure;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;

/** A migration bean whose {@code up} always throws. */
class BrokenMigration implements Migration {

  @Override
  public String name() {
    return "broken_backfill";
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public void up(MigrationContext context) {
    throw new IllegalStateException("course 42 has no department");
  }

  @Override
  public void down(MigrationContext context) {}
}

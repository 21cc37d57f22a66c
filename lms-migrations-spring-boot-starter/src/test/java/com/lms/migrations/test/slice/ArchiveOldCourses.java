package com.lms.migrations.test.slice;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;

/** A migration class that is not a component: the application does not register it either. */
class ArchiveOldCourses implements Migration {

  @Override
  public String name() {
    return "archive_old_courses";
  }

  @Override
  public int version() {
    return 3;
  }

  @Override
  public void up(MigrationContext ctx) {
    throw new IllegalStateException("not registered, never run");
  }

  @Override
  public void down(MigrationContext ctx) {}
}

package com.lms.migrations.guide;

import com.lms.migrations.MigrationContext;
import com.lms.migrations.background.BackgroundMigration;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.springframework.stereotype.Component;

/** The large-data page's background migration: a backfill that runs while the app serves. */
// tag::background-migration[]
@Component
class BackfillEnrollmentLevel implements BackgroundMigration {
  public String name() {
    return "backfill_enrollment_level";
  }

  public int version() {
    return 12;
  }

  public void up(MigrationContext ctx) {
    ctx.batch("enrollments")
        .filter(Filters.exists("level", false))
        .batchSize(5_000)
        .throttle(20_000) // the code's own limit; operators can change it
        .update(Updates.set("level", "beginner"));
  }

  // Rolled back in the foreground or on a worker: your choice (see "Rolling it back").
  public void down(MigrationContext ctx) {
    ctx.batch("enrollments").filter(Filters.exists("level")).update(Updates.unset("level"));
  }
}
// end::background-migration[]

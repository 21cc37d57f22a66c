package com.lms.migrations.guide;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.lms.migrations.deploy.MigrationPhase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import java.util.List;
import org.bson.Document;

/** The deploying safely page's rename of {@code title} to {@code name} across two releases. */
final class RenameAcrossTwoReleases {

  private RenameAcrossTwoReleases() {}

  // tag::expand[]
  /** Release 1.5 (its code reads name, or title where name is missing, and writes both). */
  static class CopyTitleToName implements Migration {
    public String name() {
      return "copy_title_to_name";
    }

    public int version() {
      return 8;
    }

    // phase() is EXPAND by default: 1.4 instances still serving ignore the new field.
    public void up(MigrationContext ctx) {
      ctx.batch("courses")
          .filter(Filters.exists("name", false))
          .run(
              course ->
                  List.of(
                      new UpdateOneModel<Document>(
                          Filters.eq("_id", course.get("_id")),
                          Updates.set("name", course.get("title")))));
    }

    public void down(MigrationContext ctx) {
      ctx.mongoTemplate()
          .getCollection("courses")
          .updateMany(Filters.empty(), Updates.unset("name"));
    }
  }

  // end::expand[]

  // tag::contract[]
  /** Release 1.6 (its code reads and writes name only). */
  static class DropTitle implements Migration {
    public String name() {
      return "drop_title";
    }

    public int version() {
      return 9;
    }

    // 1.5 instances fall back to title: this waits until none of them is running.
    public MigrationPhase phase() {
      return MigrationPhase.CONTRACT;
    }

    public void up(MigrationContext ctx) {
      ctx.schema().removeField("courses", "title"); // backed up first; a rollback puts it back
    }
  }
  // end::contract[]
}

package com.lms.migrations.guide;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.List;
import org.bson.Document;

/** The schema steps page's migration that mixes steps with code of its own. */
// tag::mixed[]
class AddDepartments implements Migration {
  public String name() {
    return "add_departments";
  }

  public int version() {
    return 7;
  }

  public void up(MigrationContext ctx) {
    // Steps first: each records what undoing it needs.
    ctx.schema().createCollection("departments");
    ctx.schema()
        .createIndex("departments", Indexes.ascending("code"), new IndexOptions().unique(true));
    ctx.schema().renameField("courses", "dept", "departmentCode");
    // Then code of its own, which its down undoes.
    ctx.mongoTemplate()
        .getCollection("departments")
        .insertMany(
            List.of(
                new Document("code", "CS").append("name", "Computer Science"),
                new Document("code", "MATH").append("name", "Mathematics")));
  }

  public void down(MigrationContext ctx) {
    // Runs first; then the steps are undone, newest first (the rename, the index, the collection).
    ctx.mongoTemplate()
        .getCollection("departments")
        .deleteMany(Filters.in("code", List.of("CS", "MATH")));
  }
}
// end::mixed[]

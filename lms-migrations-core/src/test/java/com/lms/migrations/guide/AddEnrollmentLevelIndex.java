package com.lms.migrations.guide;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.List;
import org.springframework.stereotype.Component;

/** The large-data page's regular migration that needs a background one to have completed. */
// tag::requires-background-migration[]
@Component
class AddEnrollmentLevelIndex implements Migration {
  public String name() {
    return "add_enrollment_level_index";
  }

  public int version() {
    return 13;
  }

  public List<String> requires() {
    return List.of("backfill_enrollment_level");
  }

  public boolean transactional() {
    return false; // it creates an index
  }

  public void up(MigrationContext ctx) {
    ctx.mongoTemplate()
        .getCollection("enrollments")
        .createIndex(Indexes.ascending("level"), new IndexOptions().name("level"));
  }

  public void down(MigrationContext ctx) {
    ctx.mongoTemplate().getCollection("enrollments").dropIndex("level");
  }
}
// end::requires-background-migration[]

package com.lms.migrations.guide;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/** The large-data page's batch job: a level computed in Java for every course without one. */
// tag::batch-job[]
@Component
class BackfillCourseLevel implements Migration {
  public String name() {
    return "backfill_course_level";
  }

  public int version() {
    return 10;
  }

  // Batches commit one by one, outside any transaction.
  public boolean transactional() {
    return false;
  }

  public void up(MigrationContext ctx) {
    ctx.batch("courses")
        .filter(Filters.exists("level", false)) // or .filter(query(where("level").exists(false)))
        .include("credits") // projection; _id is always read
        .batchSize(1000) // documents per unordered bulk write (default 1000)
        .throttle(5_000) // at most 5,000 documents/s (default: no limit)
        .progressEvery(Duration.ofSeconds(10)) // default 10 s
        .run(course -> List.of(update(course, Updates.set("level", levelFor(course)))));
  }

  public void down(MigrationContext ctx) {
    ctx.batch("courses").run(course -> List.of(update(course, Updates.unset("level"))));
  }

  static UpdateOneModel<Document> update(Document course, Bson change) {
    return new UpdateOneModel<>(Filters.eq("_id", course.get("_id")), change);
  }

  static String levelFor(Document course) {
    return course.get("credits") instanceof Number n && n.intValue() >= 5 ? "advanced" : "beginner";
  }
}
// end::batch-job[]

package com.lms.sample.migrations;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * v2: enrollment statuses {@code enrolled} to {@code active}, {@code finished} to {@code
 * completed}.
 */
@Component
class NormalizeEnrollmentStatus implements Migration {

  @Override
  public String name() {
    return "normalize_enrollment_status";
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public String description() {
    return "Rename enrollment statuses: enrolled -> active, finished -> completed";
  }

  @Override
  public void up(MigrationContext ctx) {
    long active = rename(ctx.mongoTemplate(), "enrolled", "active");
    long completed = rename(ctx.mongoTemplate(), "finished", "completed");
    ctx.log().info("Changed {} enrollments to active and {} to completed", active, completed);
  }

  /** Back to the old names: what the previous version of the application understands. */
  @Override
  public void down(MigrationContext ctx) {
    long enrolled = rename(ctx.mongoTemplate(), "active", "enrolled");
    long finished = rename(ctx.mongoTemplate(), "completed", "finished");
    ctx.log()
        .info("Changed {} enrollments back to enrolled and {} to finished", enrolled, finished);
  }

  private static long rename(MongoTemplate mongo, String from, String to) {
    return mongo
        .updateMulti(query(where("status").is(from)), new Update().set("status", to), "enrollments")
        .getModifiedCount();
  }
}

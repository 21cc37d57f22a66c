package com.lms.sample.migrations;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** v6: course {@code description} becomes {@code courseDescription}. */
@Component
class RenameCourseDescription implements Migration {

  @Override
  public String name() {
    return "rename_course_description";
  }

  @Override
  public int version() {
    return 6;
  }

  @Override
  public String description() {
    return "Rename course description to courseDescription";
  }

  @Override
  public void up(MigrationContext ctx) {
    long n = rename(ctx, "description", "courseDescription");
    ctx.log().info("Renamed description on {} courses", n);
  }

  @Override
  public void down(MigrationContext ctx) {
    rename(ctx, "courseDescription", "description");
  }

  private static long rename(MigrationContext ctx, String from, String to) {
    return ctx.mongoTemplate()
        .updateMulti(query(where(from).exists(true)), new Update().rename(from, to), "courses")
        .getModifiedCount();
  }
}

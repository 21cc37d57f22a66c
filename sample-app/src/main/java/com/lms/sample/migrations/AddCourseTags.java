package com.lms.sample.migrations;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import java.util.List;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** v3: every course gets a {@code tags} array. */
@Component
class AddCourseTags implements Migration {

  @Override
  public String name() {
    return "add_course_tags";
  }

  @Override
  public int version() {
    return 3;
  }

  @Override
  public String description() {
    return "Add tags field to all courses";
  }

  @Override
  public void up(MigrationContext ctx) {
    long n =
        ctx.mongoTemplate()
            .updateMulti(
                query(where("tags").exists(false)), new Update().set("tags", List.of()), "courses")
            .getModifiedCount();
    ctx.log().info("Added tags field to {} courses", n);
  }

  /** Removes only empty tag lists: tags someone has filled in are data, and are kept. */
  @Override
  public void down(MigrationContext ctx) {
    long removed =
        ctx.mongoTemplate()
            .updateMulti(query(where("tags").size(0)), new Update().unset("tags"), "courses")
            .getModifiedCount();
    long kept = ctx.mongoTemplate().count(query(where("tags").exists(true)), "courses");
    ctx.log()
        .info("Removed empty tags from {} courses; kept {} non-empty tag lists", removed, kept);
  }
}

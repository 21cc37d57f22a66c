package com.lms.migrations.test.slice;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/** v2: courses without a level become beginner courses; a meta-annotated component. */
@Service
class AddCourseLevel implements Migration {

  @Override
  public String name() {
    return "add_course_level";
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public void up(MigrationContext ctx) {
    ctx.mongoTemplate()
        .updateMulti(
            query(where("level").exists(false)),
            new Update().set("level", "beginner").set("levelAdded", true),
            "courses");
  }

  @Override
  public void down(MigrationContext ctx) {
    ctx.mongoTemplate()
        .updateMulti(
            query(where("levelAdded").is(true)),
            new Update().unset("level").unset("levelAdded"),
            "courses");
  }
}

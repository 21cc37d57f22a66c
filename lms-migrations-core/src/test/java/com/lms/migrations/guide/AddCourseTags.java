package com.lms.migrations.guide;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import java.util.List;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** The Mongock page's migration that takes over a change Mongock applied. */
// tag::replaces-mongock-change[]
// Replaces Mongock 5's
// @ChangeUnit(id = "add-course-tags", order = "003", author = "alice") class AddCourseTagsChange
@Component
class AddCourseTags implements Migration {
  public String name() {
    return "add_course_tags";
  }

  public int version() {
    return 3;
  }

  public List<String> replaces() {
    return List.of("add-course-tags"); // the @ChangeUnit's id
  }

  public void up(MigrationContext ctx) { // the body of its @Execution method
    ctx.mongoTemplate()
        .updateMulti(
            query(where("tags").exists(false)), new Update().set("tags", List.of()), "courses");
  }

  public void down(MigrationContext ctx) { // the body of its @RollbackExecution method
    ctx.mongoTemplate().updateMulti(new Query(), new Update().unset("tags"), "courses");
  }
}
// end::replaces-mongock-change[]

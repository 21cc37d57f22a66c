package com.lms.sample.migrations;

import static org.springframework.data.mongodb.core.aggregation.Aggregation.group;
import static org.springframework.data.mongodb.core.aggregation.Aggregation.newAggregation;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
import org.springframework.data.mongodb.core.aggregation.ConditionalOperators;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * v4: each course gets {@code enrollmentStats} computed by one aggregation over all enrollments and
 * written with one bulk update, never a query per course.
 */
@Component
class CalculateCourseStats implements Migration {

  @Override
  public String name() {
    return "calculate_course_stats";
  }

  @Override
  public int version() {
    return 4;
  }

  @Override
  public String description() {
    return "Store total, active and completed enrollment counts on each course";
  }

  @Override
  public void up(MigrationContext ctx) {
    List<Document> stats =
        ctx.mongoTemplate()
            .aggregate(
                newAggregation(
                    group("courseId")
                        .count()
                        .as("totalEnrollments")
                        .sum(countWhereStatusIs("active"))
                        .as("activeEnrollments")
                        .sum(countWhereStatusIs("completed"))
                        .as("completedEnrollments")),
                "enrollments",
                Document.class)
            .getMappedResults();
    BulkOperations bulk = ctx.mongoTemplate().bulkOps(BulkMode.UNORDERED, "courses");
    for (Document course : stats) {
      bulk.updateOne(
          query(where("_id").is(course.get("_id"))),
          new Update()
              .set(
                  "enrollmentStats",
                  new Document("totalEnrollments", course.get("totalEnrollments"))
                      .append("activeEnrollments", course.get("activeEnrollments"))
                      .append("completedEnrollments", course.get("completedEnrollments"))));
    }
    if (!stats.isEmpty()) {
      bulk.execute();
    }
    long withoutEnrollments =
        ctx.mongoTemplate()
            .updateMulti(
                query(where("enrollmentStats").exists(false)),
                new Update()
                    .set(
                        "enrollmentStats",
                        new Document("totalEnrollments", 0)
                            .append("activeEnrollments", 0)
                            .append("completedEnrollments", 0)),
                "courses")
            .getModifiedCount();
    ctx.log()
        .info(
            "Stored enrollment stats on {} courses ({} without enrollments)",
            stats.size() + withoutEnrollments,
            withoutEnrollments);
  }

  @Override
  public void down(MigrationContext ctx) {
    ctx.mongoTemplate().updateMulti(new Query(), new Update().unset("enrollmentStats"), "courses");
  }

  private static ConditionalOperators.Cond countWhereStatusIs(String status) {
    return ConditionalOperators.when(where("status").is(status)).then(1).otherwise(0);
  }
}

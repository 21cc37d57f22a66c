package com.lms.sample.migrations;

import static org.springframework.data.mongodb.core.aggregation.Aggregation.group;
import static org.springframework.data.mongodb.core.aggregation.Aggregation.match;
import static org.springframework.data.mongodb.core.aggregation.Aggregation.newAggregation;
import static org.springframework.data.mongodb.core.query.Criteria.where;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.List;
import java.util.stream.Collectors;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * v5: a unique index on (courseId, learnerId) and one on (status, enrolledAt desc). Refuses to run,
 * changing nothing, while duplicate enrollments exist. The indexes are schema steps, so rolling it
 * back drops them without a {@code down}.
 */
@Component
class AddEnrollmentIndexes implements Migration {

  static final String UNIQUE = "idx_enrollment_unique";
  static final String STATUS_DATE = "idx_enrollment_status_date";
  private static final int EXAMPLES = 5;

  @Override
  public String name() {
    return "add_enrollment_indexes";
  }

  @Override
  public int version() {
    return 5;
  }

  @Override
  public String description() {
    return "Unique enrollment per course and learner; index by status and date";
  }

  @Override
  public void up(MigrationContext ctx) {
    List<Document> duplicates =
        ctx.mongoTemplate()
            .aggregate(
                newAggregation(
                    group("courseId", "learnerId").count().as("count"),
                    match(where("count").gt(1))),
                "enrollments",
                Document.class)
            .getMappedResults();
    if (!duplicates.isEmpty()) {
      throw new IllegalStateException(
          "Found "
              + duplicates.size()
              + " (courseId, learnerId) pairs with more than one enrollment, for example "
              + duplicates.stream()
                  .limit(EXAMPLES)
                  .map(AddEnrollmentIndexes::describe)
                  .collect(Collectors.joining(", "))
              + ". Remove the duplicates, then run this migration again; no index was created");
    }
    ctx.schema()
        .createIndex(
            "enrollments",
            Indexes.ascending("courseId", "learnerId"),
            new IndexOptions().unique(true).name(UNIQUE));
    ctx.schema()
        .createIndex(
            "enrollments",
            Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("enrolledAt")),
            new IndexOptions().name(STATUS_DATE));
  }

  private static String describe(Document duplicate) {
    Document key = duplicate.get("_id", Document.class);
    return key.get("courseId") + "/" + key.get("learnerId") + " (" + duplicate.get("count") + ")";
  }
}

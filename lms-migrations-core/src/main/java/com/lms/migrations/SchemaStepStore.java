package com.lms.migrations;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.ne;

import com.lms.migrations.schema.StepRecord;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;

/**
 * Keeps the records of the migrations' schema steps, one document per step in their own collection:
 * they are written outside any transaction, as the steps are.
 */
final class SchemaStepStore {

  private final LibraryCollections collections;
  private final String collection;

  SchemaStepStore(LibraryCollections collections, String statusCollection) {
    this.collections = collections;
    this.collection = MigrationSettings.stepCollection(statusCollection);
  }

  /** The migration's records, by index. */
  List<StepRecord> load(String migration) {
    List<StepRecord> records = new ArrayList<>();
    for (BsonDocument document :
        steps().find(eq("_id.migration", migration)).sort(Sorts.ascending("_id.step"))) {
      records.add(record(document));
    }
    return records;
  }

  private static StepRecord record(BsonDocument document) {
    return new StepRecord(
        document.getDocument("_id").getInt32("step").getValue(),
        document.getString("kind").getValue(),
        document.getString("collection").getValue(),
        document.getString("subject").getValue(),
        StepRecord.State.valueOf(document.getString("state").getValue()),
        document.getString("description").getValue(),
        document.getDocument("data"),
        document.isString("undone") ? document.getString("undone").getValue() : null);
  }

  /**
   * The plan with the schema steps each planned migration would take or undo, where its records
   * tell: one read for the whole plan, none for an empty one.
   */
  List<PlannedMigration> withKnownSteps(List<PlannedMigration> plan) {
    if (plan.isEmpty()) {
      return plan;
    }
    Map<String, List<StepRecord>> records = new HashMap<>();
    List<String> names = plan.stream().map(PlannedMigration::name).toList();
    for (BsonDocument document : steps().find(in("_id.migration", names))) {
      records
          .computeIfAbsent(
              document.getDocument("_id").getString("migration").getValue(),
              name -> new ArrayList<>())
          .add(record(document));
    }
    return plan.stream()
        .map(step -> step.withSteps(describe(step.direction(), records.get(step.name()))))
        .toList();
  }

  private static List<String> describe(Direction direction, List<StepRecord> records) {
    if (records == null) {
      return List.of();
    }
    Comparator<StepRecord> byIndex = Comparator.comparingInt(StepRecord::index);
    if (direction == Direction.DOWN) {
      return records.stream()
          .filter(step -> step.state() != StepRecord.State.UNDONE)
          .sorted(byIndex.reversed())
          .map(step -> "undo step " + step.index() + ": " + step.description())
          .toList();
    }
    return records.stream()
        .sorted(byIndex)
        .map(
            step ->
                "step "
                    + step.index()
                    + switch (step.state()) {
                      case DONE -> " (done by an earlier run): ";
                      case STARTED -> " (under way in an earlier run): ";
                      case UNDONE -> " (as its last run took it): ";
                    }
                    + step.description())
        .toList();
  }

  /**
   * Takes every step of the migration not undone yet as undone by hand (it was marked pending), so
   * that its next run takes its steps afresh.
   */
  void markUndoneByHand(String migration, String how) {
    steps()
        .updateMany(
            and(eq("_id.migration", migration), ne("state", StepRecord.State.UNDONE.name())),
            new BsonDocument(
                "$set",
                new BsonDocument("state", new BsonString(StepRecord.State.UNDONE.name()))
                    .append("undone", new BsonString(how))));
  }

  /**
   * Forgets the migration's undone steps: it was marked applied by hand, so they no longer describe
   * what is in place (their undo is complete, and nothing of theirs is kept).
   */
  void forgetUndone(String migration) {
    steps()
        .deleteMany(
            and(eq("_id.migration", migration), eq("state", StepRecord.State.UNDONE.name())));
  }

  void save(String migration, StepRecord record) {
    BsonDocument id =
        new BsonDocument("migration", new BsonString(migration))
            .append("step", new BsonInt32(record.index()));
    steps()
        .replaceOne(
            and(eq("_id", id)),
            new BsonDocument("_id", id)
                .append("kind", new BsonString(record.kind()))
                .append("collection", new BsonString(record.collection()))
                .append("subject", new BsonString(record.subject()))
                .append("state", new BsonString(record.state().name()))
                .append("description", new BsonString(record.description()))
                .append("data", record.data())
                .append(
                    "undone",
                    record.undone() == null
                        ? org.bson.BsonNull.VALUE
                        : new BsonString(record.undone())),
            new ReplaceOptions().upsert(true));
  }

  private MongoCollection<BsonDocument> steps() {
    return collections.of(collection).withDocumentClass(BsonDocument.class);
  }
}

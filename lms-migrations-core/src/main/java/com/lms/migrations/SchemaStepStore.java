package com.lms.migrations;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.lms.migrations.schema.StepRecord;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
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
      records.add(
          new StepRecord(
              document.getDocument("_id").getInt32("step").getValue(),
              document.getString("kind").getValue(),
              document.getString("collection").getValue(),
              document.getString("subject").getValue(),
              StepRecord.State.valueOf(document.getString("state").getValue()),
              document.getString("description").getValue(),
              document.getDocument("data")));
    }
    return records;
  }

  /** Whether the migration has records of steps. */
  boolean any(String migration) {
    return steps().countDocuments(eq("_id.migration", migration)) > 0;
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
                .append("data", record.data()),
            new ReplaceOptions().upsert(true));
  }

  private MongoCollection<BsonDocument> steps() {
    return collections.of(collection).withDocumentClass(BsonDocument.class);
  }
}

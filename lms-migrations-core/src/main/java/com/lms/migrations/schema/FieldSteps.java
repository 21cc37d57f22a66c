package com.lms.migrations.schema;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;

import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.List;
import java.util.function.Function;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.Document;

/**
 * Field steps over every document of a collection: rename, add with a value, remove. Each runs on
 * the server or in batches, with checkpoints, so a run that stops half way carries on.
 */
final class FieldSteps {

  private FieldSteps() {}

  /**
   * Streams a step's own collection (ids, or backed-up values) back into the collection, one update
   * per document, then drops it.
   *
   * @return how many documents were streamed
   */
  private static long writeBack(
      StepWork work,
      String side,
      String job,
      String collection,
      Function<Document, UpdateOneModel<Document>> write) {
    long written =
        work.batch(side)
            .named(job)
            .into(collection)
            .run(document -> List.of(write.apply(document)))
            .processed();
    work.ensureOwned();
    work.database().getCollection(side).drop();
    return written;
  }

  /** Renames a field in every document; undone by renaming it back. */
  record Rename(String collection, String from, String to) implements Step {

    @Override
    public String kind() {
      return "renameField";
    }

    @Override
    public String subject() {
      return from;
    }

    @Override
    public String intent() {
      return "rename field " + collection + "." + from + " to " + to;
    }

    @Override
    public BsonDocument capture(StepWork work, String side) {
      refuseBoth(
          work, collection, from, to, "rename field " + collection + "." + from + " to " + to);
      return new BsonDocument("from", new BsonString(from))
          .append("to", new BsonString(to))
          .append(StepWork.BATCH_SIZE, new BsonInt32(work.batchSize()));
    }

    @Override
    public Outcome apply(StepWork work, BsonDocument data) {
      long renamed =
          work.batch(collection)
              .named("rename_" + from)
              .filter(exists(from))
              .update(Updates.rename(from, to))
              .processed();
      return new Outcome(
          "renamed field "
              + collection
              + "."
              + from
              + " to "
              + to
              + " in "
              + renamed
              + " documents",
          new BsonInt64(renamed));
    }

    static String undo(StepWork work, StepRecord record) {
      String from = record.data().getString("from").getValue();
      String to = record.data().getString("to").getValue();
      String collection = record.collection();
      refuseBoth(
          work, collection, to, from, "rename field " + collection + "." + to + " back to " + from);
      long renamed =
          work.batch(collection)
              .named("rename_back_" + to)
              .filter(exists(to))
              .update(Updates.rename(to, from))
              .processed();
      return "renamed field "
          + collection
          + "."
          + to
          + " back to "
          + from
          + " in "
          + renamed
          + " documents";
    }

    /** Refuses when a document has both names: renaming would overwrite one with the other. */
    private static void refuseBoth(
        StepWork work, String collection, String source, String target, String doing) {
      long both =
          work.database()
              .getCollection(collection)
              .countDocuments(and(exists(source), exists(target)));
      if (both > 0) {
        throw new SchemaStepRefusedException(
            "Cannot "
                + doing
                + ": "
                + both
                + " documents have both fields, and renaming would overwrite their '"
                + target
                + "'. Merge or remove one of the two in those documents first");
      }
    }
  }

  /**
   * Adds a field with a value to the documents that lack it, listing their ids in the step's own
   * collection; undone by removing the field from those documents only.
   */
  record Add(String collection, String field, Object value) implements Step {

    @Override
    public String kind() {
      return "addField";
    }

    @Override
    public String subject() {
      return field;
    }

    @Override
    public String intent() {
      return "add field " + collection + "." + field + " where it is missing";
    }

    @Override
    public BsonDocument capture(StepWork work, String side) {
      return new BsonDocument("field", new BsonString(field))
          .append("ids", new BsonString(side))
          .append(StepWork.BATCH_SIZE, new BsonInt32(work.batchSize()));
    }

    @Override
    public Outcome apply(StepWork work, BsonDocument data) {
      String ids = data.getString("ids").getValue();
      work.batch(collection)
          .named("list_missing_" + field)
          .filter(exists(field, false))
          .include("_id")
          .into(ids)
          .run(
              document ->
                  List.of(
                      new ReplaceOneModel<Document>(
                          eq("_id", document.get("_id")),
                          new Document("_id", document.get("_id")),
                          new ReplaceOptions().upsert(true))));
      work.batch(ids)
          .named("add_" + field)
          .into(collection)
          .run(
              document ->
                  List.of(
                      new UpdateOneModel<Document>(
                          and(eq("_id", document.get("_id")), exists(field, false)),
                          Updates.set(field, value))));
      long added = work.count(ids);
      return new Outcome(
          "added field "
              + collection
              + "."
              + field
              + " to "
              + added
              + " documents that lacked it (their ids are in "
              + ids
              + ")",
          new BsonInt64(added));
    }

    static String undo(StepWork work, StepRecord record) {
      String field = record.data().getString("field").getValue();
      String ids = record.data().getString("ids").getValue();
      String collection = record.collection();
      if (!work.exists(ids)) {
        return "no document to remove field " + collection + "." + field + " from";
      }
      long removed =
          writeBack(
              work,
              ids,
              "remove_added_" + field,
              collection,
              document ->
                  new UpdateOneModel<>(eq("_id", document.get("_id")), Updates.unset(field)));
      return "removed field "
          + collection
          + "."
          + field
          + " from the "
          + removed
          + " documents this step added it to";
    }
  }

  /**
   * Removes a field from every document after backing its values up in the step's own collection;
   * undone by putting the values back where the field is missing.
   */
  record Remove(String collection, String field) implements Step {

    @Override
    public String kind() {
      return "removeField";
    }

    @Override
    public String subject() {
      return field;
    }

    @Override
    public String intent() {
      return "remove field " + collection + "." + field;
    }

    @Override
    public BsonDocument capture(StepWork work, String side) {
      return new BsonDocument("field", new BsonString(field))
          .append("backup", new BsonString(side))
          .append(StepWork.BATCH_SIZE, new BsonInt32(work.batchSize()));
    }

    @Override
    public Outcome apply(StepWork work, BsonDocument data) {
      String backup = data.getString("backup").getValue();
      work.batch(collection)
          .named("back_up_" + field)
          .filter(exists(field))
          .include(field)
          .into(backup)
          .run(
              document ->
                  List.of(
                      new UpdateOneModel<Document>(
                          eq("_id", document.get("_id")),
                          Updates.setOnInsert("value", valueAt(document, field)),
                          new UpdateOptions().upsert(true))));
      work.batch(collection)
          .named("remove_" + field)
          .filter(exists(field))
          .update(Updates.unset(field));
      long removed = work.count(backup);
      return new Outcome(
          "removed field "
              + collection
              + "."
              + field
              + " from "
              + removed
              + " documents (their values are kept in "
              + backup
              + ")",
          new BsonInt64(removed));
    }

    static String undo(StepWork work, StepRecord record) {
      String field = record.data().getString("field").getValue();
      String backup = record.data().getString("backup").getValue();
      String collection = record.collection();
      if (!work.exists(backup)) {
        return "no value of field " + collection + "." + field + " to restore";
      }
      long restored =
          writeBack(
              work,
              backup,
              "restore_" + field,
              collection,
              document ->
                  new UpdateOneModel<>(
                      and(eq("_id", document.get("_id")), exists(field, false)),
                      Updates.set(field, document.get("value"))));
      return "restored field "
          + collection
          + "."
          + field
          + " in "
          + restored
          + " documents from "
          + backup;
    }

    /** The value at a dotted path of embedded documents. */
    private static Object valueAt(Document document, String path) {
      Object value = document;
      for (String part : path.split("\\.")) {
        if (!(value instanceof Document embedded)) {
          throw new SchemaStepRefusedException(
              "Cannot remove field "
                  + path
                  + ": in document _id="
                  + document.get("_id")
                  + " the path goes through an array or a value, which this step does not back"
                  + " up; remove it with a batch job and ctx.backup(...) instead");
        }
        value = embedded.get(part);
      }
      return value;
    }
  }
}

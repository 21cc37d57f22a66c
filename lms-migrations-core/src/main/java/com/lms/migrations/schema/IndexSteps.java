package com.lms.migrations.schema;

import com.lms.migrations.batch.BatchJob;
import com.mongodb.MongoCommandException;
import com.mongodb.client.model.IndexOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.Document;

/** Index steps: create, drop and hide, and their undos. */
final class IndexSteps {

  /** The server's codes for an index that conflicts with an existing one. */
  private static final List<Integer> CONFLICT = List.of(85, 86);

  private IndexSteps() {}

  /** Creates an index; undone by dropping it, unless it already existed. */
  record Create(String collection, BsonDocument keys, IndexOptions options) implements Step {

    @Override
    public String kind() {
      return "createIndex";
    }

    @Override
    public String subject() {
      return name();
    }

    String name() {
      return options.getName() != null ? options.getName() : IndexSpecs.defaultName(keys);
    }

    @Override
    public String intent() {
      return "create index " + collection + "." + name();
    }

    @Override
    public BsonDocument capture(StepWork work, String side) {
      BsonDocument requested = IndexSpecs.requested(keys, name(), options);
      Optional<Document> existing = work.index(collection, name());
      if (existing.isPresent() && !IndexSpecs.same(requested, existing.get().toBsonDocument())) {
        throw conflict(requested, existing.get().toBsonDocument());
      }
      return new BsonDocument("name", new BsonString(name()))
          .append("existed", BsonBoolean.valueOf(existing.isPresent()))
          .append("collectionExisted", BsonBoolean.valueOf(work.exists(collection)));
    }

    @Override
    public Outcome apply(StepWork work, BsonDocument data) {
      BsonString name = new BsonString(name());
      if (data.getBoolean("existed").getValue()) {
        return new Outcome(
            "kept index " + collection + "." + name() + " (it already existed as asked)", name);
      }
      try (IndexBuildProgress progress =
          IndexBuildProgress.watch(
              work,
              work.environment().adminDatabase(),
              collection,
              name(),
              BatchJob.DEFAULT_PROGRESS_INTERVAL)) {
        work.database().getCollection(collection).createIndex(keys, options);
      } catch (MongoCommandException e) {
        if (CONFLICT.contains(e.getErrorCode())) {
          throw conflict(IndexSpecs.requested(keys, name(), options), conflicting(work));
        }
        throw e;
      }
      return new Outcome("created index " + collection + "." + name(), name);
    }

    /** The existing index that the server says the new one conflicts with. */
    private BsonDocument conflicting(StepWork work) {
      for (Document index : work.database().getCollection(collection).listIndexes()) {
        if (index.getString("name").equals(name())
            || keys.equals(index.get("key", Document.class).toBsonDocument())) {
          return index.toBsonDocument();
        }
      }
      return new BsonDocument();
    }

    private SchemaStepRefusedException conflict(BsonDocument requested, BsonDocument existing) {
      return new SchemaStepRefusedException(
          "Cannot create index "
              + collection
              + "."
              + name()
              + ": it conflicts with an existing index. Asked for "
              + requested.toJson()
              + ", found "
              + existing.toJson()
              + ". Drop the existing index in an earlier step, or ask for the same one");
    }

    static String undo(StepWork work, StepRecord record) {
      String name = record.data().getString("name").getValue();
      String what = "index " + record.collection() + "." + name;
      if (record.data().getBoolean("existed").getValue()) {
        return "kept " + what + " (it existed before the migration)";
      }
      if (work.index(record.collection(), name).isEmpty()) {
        return what + " was already gone";
      }
      work.ensureOwned();
      work.database().getCollection(record.collection()).dropIndex(name);
      boolean onlyIdIndex =
          work.database()
                  .getCollection(record.collection())
                  .listIndexes()
                  .into(new ArrayList<>())
                  .size()
              <= 1;
      if (!record.data().getBoolean("collectionExisted", BsonBoolean.TRUE).getValue()
          && work.count(record.collection()) == 0
          && onlyIdIndex) {
        // Building the index created the collection: it goes too, while it is still empty.
        work.database().getCollection(record.collection()).drop();
        return "dropped " + what + " and the empty collection its build created";
      }
      return "dropped " + what;
    }
  }

  /** Drops an index; undone by creating it again from the spec recorded before the drop. */
  record Drop(String collection, String name) implements Step {

    @Override
    public String kind() {
      return "dropIndex";
    }

    @Override
    public String subject() {
      return name;
    }

    @Override
    public String intent() {
      return "drop index " + collection + "." + name;
    }

    @Override
    public BsonDocument capture(StepWork work, String side) {
      if (name.equals("_id_")) {
        throw new SchemaStepRefusedException(
            "Cannot drop index " + collection + "._id_: MongoDB keeps the _id index");
      }
      return new BsonDocument(
          "spec",
          work.index(collection, name)
              .<org.bson.BsonValue>map(IndexSpecs::forRecreation)
              .orElse(BsonNull.VALUE));
    }

    @Override
    public Outcome apply(StepWork work, BsonDocument data) {
      String what = "index " + collection + "." + name;
      if (data.isNull("spec")) {
        return new Outcome(what + " did not exist: nothing dropped", BsonNull.VALUE);
      }
      if (work.index(collection, name).isPresent()) {
        work.database().getCollection(collection).dropIndex(name);
      }
      return new Outcome(
          "dropped " + what + " (was " + data.getDocument("spec").toJson() + ")", BsonNull.VALUE);
    }

    static String undo(StepWork work, StepRecord record) {
      String what = "index " + record.collection() + "." + record.subject();
      if (record.data().isNull("spec")) {
        return "nothing to recreate: " + what + " did not exist";
      }
      BsonDocument spec = record.data().getDocument("spec");
      if (work.index(record.collection(), record.subject()).isPresent()) {
        return what + " exists already";
      }
      work.ensureOwned();
      work.database()
          .runCommand(
              new Document("createIndexes", record.collection()).append("indexes", List.of(spec)));
      return "recreated " + what + " as it was: " + spec.toJson();
    }
  }

  /**
   * Hides an index from the query planner (MongoDB 4.4 and later) while it keeps being maintained,
   * so that a later migration can drop it once nothing got slower; undone by unhiding it.
   */
  record Hide(String collection, String name) implements Step {

    @Override
    public String kind() {
      return "hideIndex";
    }

    @Override
    public String subject() {
      return name;
    }

    @Override
    public String intent() {
      return "hide index " + collection + "." + name;
    }

    @Override
    public BsonDocument capture(StepWork work, String side) {
      work.requireCollMod("hiding index " + collection + "." + name, "4.4");
      Document index =
          work.index(collection, name)
              .orElseThrow(
                  () ->
                      new SchemaStepRefusedException(
                          "Cannot hide index "
                              + collection
                              + "."
                              + name
                              + ": the collection has no index of that name"));
      return new BsonDocument(
          "wasHidden", BsonBoolean.valueOf(Boolean.TRUE.equals(index.getBoolean("hidden"))));
    }

    @Override
    public Outcome apply(StepWork work, BsonDocument data) {
      work.collMod(collection, hidden(name, true));
      return new Outcome("hid index " + collection + "." + name, BsonNull.VALUE);
    }

    static String undo(StepWork work, StepRecord record) {
      String what = "index " + record.collection() + "." + record.subject();
      if (record.data().getBoolean("wasHidden").getValue()) {
        return "left " + what + " hidden (it was hidden before the migration)";
      }
      if (work.index(record.collection(), record.subject()).isEmpty()) {
        return what + " is gone: nothing to unhide";
      }
      work.requireCollMod("unhiding " + what, "4.4");
      work.ensureOwned();
      work.collMod(record.collection(), hidden(record.subject(), false));
      return "unhid " + what;
    }

    private static Document hidden(String name, boolean hidden) {
      return new Document("index", new Document("name", name).append("hidden", hidden));
    }
  }
}

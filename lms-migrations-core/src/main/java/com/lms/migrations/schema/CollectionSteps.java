package com.lms.migrations.schema;

import com.mongodb.MongoNamespace;
import com.mongodb.client.model.CreateCollectionOptions;
import java.util.List;
import java.util.Optional;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Collection and view steps: create, drop, create or replace a view, and their undos. */
final class CollectionSteps {

  private CollectionSteps() {}

  /** Creates a collection; undone by dropping it while it is empty, unless it already existed. */
  record Create(String collection, CreateCollectionOptions options) implements Step {

    @Override
    public String kind() {
      return "createCollection";
    }

    @Override
    public String subject() {
      return "";
    }

    @Override
    public String intent() {
      return "create collection " + collection;
    }

    @Override
    public BsonDocument capture(StepWork work, String side) {
      Optional<Document> info = work.collectionInfo(collection);
      if (info.isPresent() && "view".equals(info.get().getString("type"))) {
        throw new SchemaStepRefusedException(
            "Cannot create collection " + collection + ": a view of that name exists");
      }
      return new BsonDocument("existed", BsonBoolean.valueOf(info.isPresent()));
    }

    @Override
    public Outcome apply(StepWork work, BsonDocument data) {
      if (data.getBoolean("existed").getValue()) {
        return new Outcome(
            "kept collection " + collection + " (it already existed)", BsonNull.VALUE);
      }
      if (!work.exists(collection)) {
        work.database().createCollection(collection, options);
      }
      return new Outcome("created collection " + collection, BsonNull.VALUE);
    }

    static String undo(StepWork work, StepRecord record) {
      String name = record.collection();
      if (record.data().getBoolean("existed").getValue()) {
        return "kept collection " + name + " (it existed before the migration)";
      }
      if (!work.exists(name)) {
        return "collection " + name + " was already gone";
      }
      long documents = work.count(name);
      if (documents > 0) {
        throw new SchemaStepRefusedException(
            "Cannot drop collection "
                + name
                + ", which migration '"
                + work.migration()
                + "' created: it holds "
                + documents
                + " documents. Delete or move them in the migration's down() (it runs before the"
                + " steps are undone), or drop the collection by hand");
      }
      work.ensureOwned();
      work.database().getCollection(name).drop();
      return "dropped collection " + name + " (created by this migration, and empty)";
    }
  }

  /**
   * Drops a collection by renaming it to the step's backup, which keeps its documents, indexes and
   * options; undone by renaming it back.
   */
  record Drop(String collection) implements Step {

    @Override
    public String kind() {
      return "dropCollection";
    }

    @Override
    public String subject() {
      return "";
    }

    @Override
    public String intent() {
      return "drop collection " + collection;
    }

    @Override
    public BsonDocument capture(StepWork work, String side) {
      Optional<Document> info = work.collectionInfo(collection);
      if (info.isEmpty()) {
        return new BsonDocument("backup", BsonNull.VALUE);
      }
      if ("view".equals(info.get().getString("type"))) {
        throw new SchemaStepRefusedException(
            "Cannot drop " + collection + " as a collection: it is a view");
      }
      if (work.exists(side)) {
        throw new SchemaStepRefusedException(
            "Cannot drop collection "
                + collection
                + ": its backup "
                + side
                + " exists already, from an earlier run. Restore or drop it by hand first");
      }
      return new BsonDocument("backup", new BsonString(side));
    }

    @Override
    public Outcome apply(StepWork work, BsonDocument data) {
      if (data.isNull("backup")) {
        return new Outcome(
            "collection " + collection + " did not exist: nothing dropped", BsonNull.VALUE);
      }
      String backup = data.getString("backup").getValue();
      if (work.exists(collection)) {
        rename(work, collection, backup);
      }
      return new Outcome(
          "dropped collection "
              + collection
              + " (kept as "
              + backup
              + " until the migration is rolled back; drop that by hand once it is known good)",
          BsonNull.VALUE);
    }

    static String undo(StepWork work, StepRecord record) {
      String name = record.collection();
      if (record.data().isNull("backup")) {
        return "nothing to restore: collection " + name + " did not exist";
      }
      String backup = record.data().getString("backup").getValue();
      if (!work.exists(backup)) {
        if (work.exists(name)) {
          return "collection " + name + " was already restored";
        }
        throw new SchemaStepRefusedException(
            "Cannot restore collection " + name + ": its backup " + backup + " is gone");
      }
      if (work.exists(name)) {
        long documents = work.count(name);
        if (documents > 0) {
          throw new SchemaStepRefusedException(
              "Cannot restore collection "
                  + name
                  + " from "
                  + backup
                  + ": a collection of that name exists again and holds "
                  + documents
                  + " documents. Move them away first");
        }
        work.ensureOwned();
        work.database().getCollection(name).drop();
      }
      long documents = work.count(backup);
      work.ensureOwned();
      rename(work, backup, name);
      return "restored collection "
          + name
          + " ("
          + documents
          + " documents, its indexes and options) from "
          + backup;
    }

    private static void rename(StepWork work, String from, String to) {
      work.database()
          .getCollection(from)
          .renameCollection(new MongoNamespace(work.database().getName(), to));
    }
  }

  /** Creates or replaces a view; undone by restoring the previous definition, or dropping it. */
  record View(String collection, String viewOn, List<BsonDocument> pipeline) implements Step {

    static View of(String name, String viewOn, List<? extends Bson> pipeline) {
      return new View(name, viewOn, pipeline.stream().map(Bson::toBsonDocument).toList());
    }

    @Override
    public String kind() {
      return "createView";
    }

    @Override
    public String subject() {
      return "";
    }

    @Override
    public String intent() {
      return "create or replace view " + collection;
    }

    @Override
    public BsonDocument capture(StepWork work, String side) {
      work.requireCollMod("creating view " + collection, "3.4");
      Optional<Document> info = work.collectionInfo(collection);
      if (info.isPresent() && !"view".equals(info.get().getString("type"))) {
        throw new SchemaStepRefusedException(
            "Cannot create view " + collection + ": a collection of that name exists");
      }
      return new BsonDocument(
          "previous",
          info.<BsonValue>map(
                  view -> {
                    BsonDocument options = view.get("options", Document.class).toBsonDocument();
                    return new BsonDocument("viewOn", options.get("viewOn"))
                        .append("pipeline", options.get("pipeline", new BsonArray()));
                  })
              .orElse(BsonNull.VALUE));
    }

    @Override
    public Outcome apply(StepWork work, BsonDocument data) {
      define(work, collection, new BsonString(viewOn), new BsonArray(pipeline));
      return new Outcome(
          (data.isNull("previous") ? "created view " : "replaced view ")
              + collection
              + " on "
              + viewOn
              + " "
              + new BsonArray(pipeline),
          BsonNull.VALUE);
    }

    static String undo(StepWork work, StepRecord record) {
      String name = record.collection();
      BsonValue previous = record.data().get("previous");
      work.requireCollMod("restoring view " + name, "3.4");
      work.ensureOwned();
      if (previous.isNull()) {
        if (work.exists(name)) {
          work.database().getCollection(name).drop();
        }
        return "dropped view " + name;
      }
      BsonDocument definition = previous.asDocument();
      define(work, name, definition.get("viewOn"), definition.getArray("pipeline"));
      return "restored view " + name + " (was: on " + definition.get("viewOn") + ")";
    }

    private static void define(StepWork work, String name, BsonValue on, BsonArray stages) {
      if (work.exists(name)) {
        work.collMod(name, new Document("viewOn", on).append("pipeline", stages));
      } else {
        work.database()
            .runCommand(
                new Document("create", name).append("viewOn", on).append("pipeline", stages));
      }
    }
  }
}

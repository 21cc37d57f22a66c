package com.lms.migrations.schema;

import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ValidationAction;
import com.mongodb.client.model.ValidationLevel;
import java.util.List;
import java.util.Objects;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * Schema steps that undo themselves. Each step records, before it changes anything, what undoing it
 * needs; when the migration is rolled back, the engine runs the migration's own {@code down} and
 * then undoes its steps, newest first. A migration made only of steps needs no {@code down}:
 *
 * <pre>{@code
 * public void up(MigrationContext ctx) {
 *   ctx.schema().createIndex("courses", Indexes.ascending("departmentId", "status"));
 *   ctx.schema().renameField("courses", "title", "name");
 * }
 * }</pre>
 *
 * <p>Steps run outside the migration's transaction (MongoDB builds indexes and changes collections
 * outside transactions), one after the other in the order asked for. When a run stops half way (a
 * crash, a failure, a pause), running the migration again finds each step's record: a step that was
 * done is not done again, a step that was under way carries on, so {@code up} is written once and
 * runs again safely. Steps that go over every document (the field steps) stream in batches with
 * checkpoints, as {@link com.lms.migrations.batch.BatchJob} does.
 *
 * <p>Each step and its undo is logged with the migration in words a person reads ("created index
 * courses.departmentId_1_status_1"). A step that would lose or overwrite data refuses with a {@link
 * SchemaStepRefusedException} before changing anything; a step that needs a command the server
 * lacks throws {@link UnsupportedOperationException} naming the MongoDB version needed.
 */
public final class SchemaSteps {

  /** The default number of documents a field step changes per chunk or bulk write. */
  public static final int DEFAULT_BATCH_SIZE = 10_000;

  private final StepWork work;
  private final StepLedger ledger;
  private List<StepRecord> earlier;
  private int taken;

  SchemaSteps(StepWork work) {
    this.work = work;
    this.ledger = work.environment().ledger();
  }

  /**
   * Sets how many documents the field steps that follow change per chunk (a server-side {@code
   * updateMany}) or per bulk write; {@value #DEFAULT_BATCH_SIZE} by default. Smaller chunks pause,
   * throttle and resume at a finer grain; larger ones send fewer commands.
   *
   * @param documents at least 1
   * @return these steps
   */
  public SchemaSteps batchSize(int documents) {
    if (documents < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, was " + documents);
    }
    work.batchSize(documents);
    return this;
  }

  /**
   * Creates an index with MongoDB's default name ({@code dept_1_status_1}); see {@link
   * #createIndex(String, Bson, IndexOptions)}.
   *
   * @param collection the collection
   * @param keys the keys, such as {@code Indexes.ascending("departmentId", "status")}
   * @return the index's name
   */
  public String createIndex(String collection, Bson keys) {
    return createIndex(collection, keys, new IndexOptions());
  }

  /**
   * Creates an index and waits until it is built, logging the build's progress every 10 seconds
   * while it takes. An index that exists with the same name, keys and options is kept (and kept on
   * rollback too: the migration did not create it). Undone by dropping the index.
   *
   * @param collection the collection
   * @param keys the keys
   * @param options its options, such as {@code new IndexOptions().unique(true).name("...")}; not
   *     changed
   * @return the index's name
   * @throws SchemaStepRefusedException when an index of that name, or the server, says it
   *     conflicts; the message shows both specifications
   */
  public String createIndex(String collection, Bson keys, IndexOptions options) {
    Objects.requireNonNull(keys, "keys must not be null");
    Objects.requireNonNull(options, "options must not be null");
    return take(new IndexSteps.Create(name(collection), keys.toBsonDocument(), options))
        .asString()
        .getValue();
  }

  /**
   * Drops an index, recording its full specification first; undone by creating it again from that
   * specification. An index that does not exist is noted and nothing is dropped.
   *
   * <p>To make a rollback instant on MongoDB 4.4 and later, {@link #hideIndex hide} the index in
   * one migration and drop it in a later one, once nothing got slower.
   *
   * @param collection the collection
   * @param name the index's name
   * @throws SchemaStepRefusedException for the {@code _id} index
   */
  public void dropIndex(String collection, String name) {
    take(new IndexSteps.Drop(name(collection), text(name, "index name")));
  }

  /**
   * Hides an index from the query planner; the server keeps maintaining it, so unhiding (the undo)
   * is instant. Needs MongoDB 4.4 or later.
   *
   * @param collection the collection
   * @param name the index's name
   * @throws SchemaStepRefusedException when the collection has no index of that name
   * @throws UnsupportedOperationException when the server cannot hide indexes
   */
  public void hideIndex(String collection, String name) {
    take(new IndexSteps.Hide(name(collection), text(name, "index name")));
  }

  /**
   * Sets a collection's validator, level and action, recording the ones it had (none included);
   * undone by restoring them exactly. Needs MongoDB 3.6 or later for {@code $jsonSchema}.
   *
   * @param collection an existing collection
   * @param validator the validator, such as {@code Filters.jsonSchema(schema)}
   * @param level which documents it checks
   * @param action whether a failing write is refused or only logged
   * @throws SchemaStepRefusedException when the collection does not exist
   * @throws UnsupportedOperationException when the server cannot change validators
   */
  public void setValidator(
      String collection, Bson validator, ValidationLevel level, ValidationAction action) {
    Objects.requireNonNull(validator, "validator must not be null");
    Objects.requireNonNull(level, "level must not be null");
    Objects.requireNonNull(action, "action must not be null");
    take(new ValidatorStep(name(collection), validator.toBsonDocument(), level, action));
  }

  /**
   * Renames a field in every document that has it, on the server, a chunk at a time with
   * checkpoints. Undone by renaming it back.
   *
   * @param collection the collection
   * @param from the field's name (a dotted path into embedded documents works)
   * @param to its new name
   * @return how many documents were renamed
   * @throws SchemaStepRefusedException when documents have both names (the rename would overwrite
   *     one), before any is renamed; the undo refuses alike when the old name is in use again
   */
  public long renameField(String collection, String from, String to) {
    String source = field(from);
    String target = field(to);
    if (source.equals(target)) {
      throw new IllegalArgumentException("Cannot rename field '" + from + "' to itself");
    }
    return take(new FieldSteps.Rename(name(collection), source, target)).asInt64().getValue();
  }

  /**
   * Sets a field to a value in the documents that lack it, listing their ids in a collection of the
   * step's own ({@code lms_backup_<migration>_step<n>_<collection>}). Undone by removing the field
   * from those documents only: documents that had it keep it.
   *
   * @param collection the collection
   * @param field the field
   * @param value its value, any value the driver encodes
   * @return how many documents it was added to
   */
  public long addField(String collection, String field, Object value) {
    return take(new FieldSteps.Add(name(collection), field(field), value)).asInt64().getValue();
  }

  /**
   * Removes a field from every document, after copying its values into a collection of the step's
   * own ({@code lms_backup_<migration>_step<n>_<collection>}). Undone by putting each value back
   * where the field is missing, then dropping the copy.
   *
   * @param collection the collection
   * @param field the field (a dotted path into embedded documents, not into arrays)
   * @return how many documents it was removed from
   */
  public long removeField(String collection, String field) {
    return take(new FieldSteps.Remove(name(collection), field(field))).asInt64().getValue();
  }

  /**
   * Creates a collection; see {@link #createCollection(String, CreateCollectionOptions)}.
   *
   * @param collection the collection
   */
  public void createCollection(String collection) {
    createCollection(collection, new CreateCollectionOptions());
  }

  /**
   * Creates a collection with options. A collection that exists already is kept, on rollback too.
   * Undone by dropping the collection, which refuses, with the count, while it holds documents.
   *
   * @param collection the collection
   * @param options its options (capped, validator, time series and so on)
   */
  public void createCollection(String collection, CreateCollectionOptions options) {
    Objects.requireNonNull(options, "options must not be null");
    take(new CollectionSteps.Create(name(collection), options));
  }

  /**
   * Drops a collection, by renaming it to a backup of the step's own ({@code
   * lms_backup_<migration>_step<n>_<collection>}) that keeps its documents, indexes and options.
   * Undone by renaming it back (refused, with the count, while a new collection of that name holds
   * documents). Drop the backup by hand once the migration is known good.
   *
   * @param collection the collection
   */
  public void dropCollection(String collection) {
    take(new CollectionSteps.Drop(name(collection)));
  }

  /**
   * Creates a view, or replaces the definition of an existing one after recording it. Undone by
   * restoring the previous definition, or by dropping the view it created. Needs MongoDB 3.4 or
   * later.
   *
   * @param view the view's name
   * @param viewOn the collection or view it reads
   * @param pipeline the aggregation stages it applies
   * @throws SchemaStepRefusedException when a collection (not a view) has that name
   * @throws UnsupportedOperationException when the server has no views
   */
  public void createView(String view, String viewOn, List<? extends Bson> pipeline) {
    Objects.requireNonNull(pipeline, "pipeline must not be null");
    take(CollectionSteps.View.of(name(view), name(viewOn), pipeline));
  }

  private BsonValue take(Step step) {
    return new StepTaking(work, ledger, earlier(), ++taken).take(step);
  }

  private List<StepRecord> earlier() {
    if (earlier == null) {
      earlier = ledger.load();
    }
    return earlier;
  }

  private static String name(String collection) {
    return text(collection, "collection name");
  }

  private static String field(String field) {
    String name = text(field, "field name");
    if (name.equals("_id") || name.startsWith("_id.") || name.startsWith("$")) {
      throw new IllegalArgumentException(
          "Field '" + field + "' cannot be renamed, added or removed by a step");
    }
    return name;
  }

  private static String text(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }
}

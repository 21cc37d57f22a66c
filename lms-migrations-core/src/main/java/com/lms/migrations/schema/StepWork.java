package com.lms.migrations.schema;

import static com.mongodb.client.model.Filters.eq;

import com.lms.migrations.MigrationLogger;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.batch.BatchJob;
import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import java.util.Optional;
import org.bson.BsonValue;
import org.bson.Document;
import org.springframework.util.StringUtils;

/** The database and the migration, as the steps use them. */
final class StepWork {

  /** Where a field step records the batch size it ran with. */
  static final String BATCH_SIZE = "batchSize";

  /** The server's code for a command it does not have. */
  private static final int COMMAND_NOT_FOUND = 59;

  private final SchemaEnvironment environment;
  private int batchSize = SchemaSteps.DEFAULT_BATCH_SIZE;

  StepWork(SchemaEnvironment environment) {
    this.environment = environment;
  }

  void batchSize(int documents) {
    this.batchSize = documents;
  }

  int batchSize() {
    return batchSize;
  }

  /** Undoes in the chunks the step was taken in, as its record says. */
  StepWork sizedAs(StepRecord record) {
    BsonValue recorded = record.data().get(BATCH_SIZE);
    if (recorded != null && recorded.isNumber()) {
      batchSize(recorded.asNumber().intValue());
    }
    return this;
  }

  SchemaEnvironment environment() {
    return environment;
  }

  MongoDatabase database() {
    return environment.database();
  }

  MigrationLogger log() {
    return environment.log();
  }

  BatchJob batch(String collection) {
    return environment.batch(collection).batchSize(batchSize);
  }

  String migration() {
    return environment.migrationName();
  }

  /** Checks that the run still owns the migration, before a step changes anything. */
  void ensureOwned() {
    environment.checkpoints().ensureOwned();
  }

  /** The collection's entry in {@code listCollections} (name, type and options), if it exists. */
  Optional<Document> collectionInfo(String collection) {
    // Matched here as well: the embedded server ignores listCollections' filter.
    for (Document info : database().listCollections().filter(eq("name", collection))) {
      if (collection.equals(info.getString("name"))) {
        return Optional.of(info);
      }
    }
    return Optional.empty();
  }

  boolean exists(String collection) {
    return collectionInfo(collection).isPresent();
  }

  long count(String collection) {
    return database().getCollection(collection).countDocuments();
  }

  /** The index's entry in {@code listIndexes}, if the collection has one with that name. */
  Optional<Document> index(String collection, String name) {
    if (!exists(collection)) {
      return Optional.empty();
    }
    for (Document index : database().getCollection(collection).listIndexes()) {
      if (name.equals(index.getString("name"))) {
        return Optional.of(index);
      }
    }
    return Optional.empty();
  }

  /**
   * Checks that the server has {@code collMod}, without changing anything: asked about a collection
   * that does not exist, a server that has it answers "namespace not found".
   *
   * @param doing what needs it, such as "setting the validator of courses"
   * @param version the MongoDB version that first did it
   * @throws UnsupportedOperationException when the server has no {@code collMod}
   */
  void requireCollMod(String doing, String version) {
    try {
      database().runCommand(new Document("collMod", "lms_probe_that_does_not_exist"));
    } catch (MongoCommandException e) {
      if (e.getErrorCode() == COMMAND_NOT_FOUND) {
        throw new UnsupportedOperationException(
            StringUtils.capitalize(doing)
                + " needs MongoDB "
                + version
                + " or later, whose collMod command this server lacks (the embedded"
                + " mongo-java-server has none)");
      }
    }
  }

  /** Runs {@code collMod} on a collection. */
  void collMod(String collection, Document changes) {
    Document command = new Document("collMod", collection);
    command.putAll(changes);
    database().runCommand(command);
  }

  /** The name of a step's own collection: a backup, or a list of ids. */
  String sideCollection(int index, String collection) {
    return MigrationSettings.BACKUP_PREFIX + migration() + "_step" + index + "_" + collection;
  }
}

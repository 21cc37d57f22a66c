package com.lms.migrations;

import com.lms.migrations.batch.BatchCheckpoint;
import com.lms.migrations.batch.BatchJob;
import com.lms.migrations.batch.BatchResult;
import com.lms.migrations.batch.JobKey;
import com.lms.migrations.schema.SchemaEnvironment;
import com.lms.migrations.schema.SchemaSteps;
import com.lms.migrations.schema.StepLedger;
import com.lms.migrations.schema.StepRecord;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;

/** The context of a migration being run by a {@link MigrationRunner}. */
final class RunningMigrationContext implements MigrationContext, SchemaEnvironment {

  private final MongoTemplate mongoTemplate;
  private final MigrationLogger log;
  private final String migrationName;
  private final String runId;
  private final MongoDatabase database;
  private final BatchCheckpointStore checkpoints;
  private final RunnerIdentity me;
  private final BooleanSupplier leaseLost;
  private final RunControl control;
  private final SchemaStepStore steps;
  private final boolean inTransaction;
  private @Nullable SchemaSteps schema;
  private final List<String> stepsTaken = new ArrayList<>();
  private boolean usedCheckpoints;
  private final Map<String, Integer> jobsByName = new HashMap<>();

  /**
   * @param runId the run's id: batch jobs resume only from checkpoints saved under it
   */
  RunningMigrationContext(
      MongoTemplate mongoTemplate,
      MigrationLogger log,
      String migrationName,
      String runId,
      MongoDatabase database,
      BatchCheckpointStore checkpoints,
      SchemaStepStore steps,
      RunnerIdentity me,
      BooleanSupplier leaseLost,
      RunControl control,
      boolean inTransaction) {
    this.mongoTemplate = mongoTemplate;
    this.log = log;
    this.migrationName = migrationName;
    this.runId = runId;
    this.database = database;
    this.checkpoints = checkpoints;
    this.me = me;
    this.leaseLost = leaseLost;
    this.control = control;
    this.steps = steps;
    this.inTransaction = inTransaction;
  }

  @Override
  public MongoTemplate mongoTemplate() {
    return mongoTemplate;
  }

  @Override
  public MigrationLogger log() {
    return log;
  }

  @Override
  public BatchJob batch(String collection) {
    return SchemaEnvironment.super.batch(collection);
  }

  @Override
  public SchemaSteps schema() {
    if (schema == null) {
      schema = newSchemaSteps();
    }
    return schema;
  }

  @Override
  public StepLedger ledger() {
    return new StepLedger() {
      @Override
      public List<StepRecord> load() {
        return steps.load(migrationName);
      }

      @Override
      public void save(StepRecord record) {
        checkpoints().ensureOwned();
        steps.save(migrationName, record);
      }
    };
  }

  @Override
  public void stepTaken(String description) {
    stepsTaken.add(description);
  }

  /** The schema steps taken or undone in this run, in order. */
  List<String> stepsTaken() {
    return List.copyOf(stepsTaken);
  }

  @Override
  public boolean inTransaction() {
    return inTransaction;
  }

  @Override
  public MongoDatabase adminDatabase() {
    return mongoTemplate.getMongoDatabaseFactory().getMongoDatabase("admin");
  }

  @Override
  public long backup(String collection, Bson filter) throws Exception {
    BatchResult result =
        batch(collection)
            .filter(filter)
            .named("backup_" + collection)
            .into(backupCollection(collection))
            .run(
                document ->
                    List.of(
                        new UpdateOneModel<Document>(
                            Filters.eq("_id", document.get("_id")),
                            new Document("$setOnInsert", document),
                            new UpdateOptions().upsert(true))));
    log.info(
        "Backed up {} documents of {} to {}",
        result.processed(),
        collection,
        backupCollection(collection));
    return result.processed();
  }

  @Override
  public long restore(String collection) throws Exception {
    String backup = backupCollection(collection);
    BatchResult result =
        batch(backup)
            .named("restore_" + collection)
            .into(collection)
            .run(
                document ->
                    List.of(
                        new ReplaceOneModel<Document>(
                            Filters.eq("_id", document.get("_id")),
                            document,
                            new ReplaceOptions().upsert(true))));
    database.getCollection(backup).drop();
    log.info(
        "Restored {} documents of {} from {} and dropped it",
        result.processed(),
        collection,
        backup);
    return result.processed();
  }

  @Override
  public String backupCollection(String collection) {
    return MigrationSettings.backupCollection(migrationName, collection);
  }

  @Override
  public String migrationName() {
    return migrationName;
  }

  @Override
  public MongoDatabase database() {
    return database;
  }

  @Override
  public MongoConverter converter() {
    return mongoTemplate.getConverter();
  }

  @Override
  public Checkpoints checkpoints() {
    return new Checkpoints() {
      @Override
      public Optional<BatchCheckpoint> load(JobKey job) {
        Optional<BatchCheckpoint> checkpoint = checkpoints.load(migrationName, job, runId, me);
        usedCheckpoints |= checkpoint.isPresent();
        return checkpoint;
      }

      @Override
      public void ensureOwned() {
        if (leaseLost.getAsBoolean() || !checkpoints.owns(migrationName, me, runId)) {
          throw new MigrationLeaseLostException(
              "while running migration '"
                  + migrationName
                  + "', before writing a batch (another instance took it over)");
        }
      }

      @Override
      public void save(JobKey job, BatchCheckpoint checkpoint) {
        usedCheckpoints = true;
        if (!checkpoints.save(migrationName, job, runId, me, checkpoint)) {
          throw new MigrationLeaseLostException(
              "while running migration '"
                  + migrationName
                  + "', before saving a checkpoint (another instance took it over)");
        }
      }
    };
  }

  @Override
  public RunControl control() {
    return control;
  }

  @Override
  public JobKey jobKey(String name) {
    return new JobKey(name, jobsByName.merge(name, 1, Integer::sum));
  }

  /** Whether a batch job saved or resumed from a checkpoint, which then needs clearing. */
  boolean usedCheckpoints() {
    return usedCheckpoints;
  }
}

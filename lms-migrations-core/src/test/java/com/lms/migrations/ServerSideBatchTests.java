package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.batch.BatchResult;
import com.lms.migrations.batch.BatchTransformException;
import com.lms.migrations.batch.BatchWriteException;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Batch jobs that update or delete on the server, a chunk at a time. */
@ExtendWith(MongoDatabaseExtension.class)
class ServerSideBatchTests {

  private TestDatabase db;
  private MigrationRunner runner;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.runner = new MigrationRunner(db.template());
  }

  @Test
  void updatesEveryMatchingDocumentInChunksAndCountsThem() {
    insertItems(2500);
    AtomicReference<BatchResult> result = new AtomicReference<>();
    register(
        ctx ->
            result.set(
                ctx.batch("items")
                    .filter(Filters.mod("_id", 2, 0))
                    .batchSize(300)
                    .update(Updates.combine(Updates.set("even", true), Updates.inc("times", 1)))));

    runner.upAll();

    assertThat(result.get().processed()).isEqualTo(1250);
    assertThat(result.get().written()).isEqualTo(1250);
    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(1250);
    assertThat(
            items().countDocuments(Filters.and(Filters.mod("_id", 2, 1), Filters.exists("even"))))
        .isZero();
    assertThat(runner.getLogs("backfill"))
        .extracting(MigrationLogEntry::message)
        .anySatisfy(line -> assertThat(line).startsWith("backfill/items: done, 1250 documents"));
    assertThat(db.database().getCollection("lms_migrations_checkpoints").countDocuments()).isZero();
  }

  @Test
  void deletesTheMatchingDocumentsAndLeavesTheOthers() {
    insertItems(1000);
    AtomicReference<BatchResult> result = new AtomicReference<>();
    register(
        ctx ->
            result.set(ctx.batch("items").filter(Filters.lt("_id", 700)).batchSize(128).delete()));

    runner.upAll();

    assertThat(result.get().processed()).isEqualTo(700);
    assertThat(items().countDocuments()).isEqualTo(300);
    assertThat(items().countDocuments(Filters.gte("_id", 700))).isEqualTo(300);
  }

  @Test
  void coversIdsOfEveryTypeInTheirSortOrder() {
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      documents.add(new Document("_id", i));
    }
    for (char c = 'a'; c <= 'z'; c++) {
      documents.add(new Document("_id", String.valueOf(c)));
    }
    for (int i = 0; i < 30; i++) {
      documents.add(new Document("_id", new ObjectId()));
    }
    documents.add(new Document("_id", new Document("k", 1)));
    items().insertMany(documents);
    register(ctx -> ctx.batch("items").batchSize(7).update(Updates.inc("times", 1)));

    runner.upAll();

    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(207);
  }

  @Test
  void aRefusedChunkNamesWhereItStoppedAndTheNextRunResumesAfterTheLastGoodChunk() {
    insertItems(1000);
    items().updateOne(Filters.eq("_id", 650), Updates.set("times", "not a number"));
    AtomicReference<BatchResult> result = new AtomicReference<>();
    register(
        ctx ->
            result.set(
                ctx.batch("items")
                    .filter(Filters.exists("done", false))
                    .batchSize(200)
                    .update(Updates.combine(Updates.set("done", true), Updates.inc("times", 1)))));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .cause()
        .isInstanceOf(BatchWriteException.class)
        .hasMessageStartingWith(
            "Batch job 'backfill/items': the server refused the update of the chunk after _id=599:"
                + " Cannot apply $inc to a value of non-numeric type. {_id: 650} has the field"
                + " 'times' of non-numeric type string. Earlier batches")
        .hasMessageContaining("checkpointed (up to _id=599)");
    assertThat(items().countDocuments(Filters.and(Filters.lte("_id", 599), Filters.eq("times", 1))))
        .isEqualTo(600);

    items().updateOne(Filters.eq("_id", 650), Updates.unset("times"));
    runner.upAll();

    assertThat(result.get().resumedAfter()).isEqualTo(599);
    // The refused chunk changed 600..649 before it reached 650; they no longer match the filter,
    // so only what completed chunks matched is counted.
    assertThat(result.get().processed()).isEqualTo(950);
    assertThat(items().countDocuments(Filters.eq("times", 1))).isEqualTo(1000);
  }

  @Test
  void aResumedUpdateCountsThisRunAndAllRunsApart() {
    insertItems(900);
    items().updateOne(Filters.eq("_id", 448), Updates.set("times", "not a number"));
    AtomicReference<BatchResult> result = new AtomicReference<>();
    register(
        ctx ->
            result.set(
                ctx.batch("items")
                    .filter(Filters.exists("done", false))
                    .batchSize(100)
                    .update(Updates.combine(Updates.set("done", true), Updates.inc("times", 1)))));
    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);
    // The refused chunk changed 400..447 before it reached 448: they no longer match.
    items().updateOne(Filters.eq("_id", 448), Updates.unset("times"));

    runner.upAll();

    assertThat(result.get().resumedAfter()).isEqualTo(399);
    assertThat(result.get().written()).isEqualTo(452);
    assertThat(result.get().processedThisRun()).isEqualTo(452);
    assertThat(result.get().processed()).isEqualTo(852);
    assertThat(result.get().writtenInAllRuns()).isEqualTo(852);
    assertThat(runner.getLogs("backfill"))
        .extracting(MigrationLogEntry::message)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith(
                        "backfill/items: done, 852 documents processed (452 in this run) and 452"
                            + " writes in this run (852 in all runs) in "));
  }

  @Test
  void aPipelineUpdateTheServerCannotRunIsNamedAsSuch() {
    insertItems(10);
    register(
        ctx ->
            ctx.batch("items").update(List.of(new Document("$set", new Document("copy", "$_id")))));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .cause()
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining(
            "Batch job 'backfill/items': the server refused an update written as an aggregation"
                + " pipeline")
        .hasMessageContaining("Pipeline updates need MongoDB 4.2 or later");
  }

  @Test
  void settingsThatOnlyStreamingUsesAreRefusedWithTheReason() {
    insertItems(3);
    register(ctx -> ctx.batch("items").into("copies").update(Updates.set("x", 1)));

    assertThatThrownBy(runner::upAll)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Batch job 'items': into(\"copies\") only applies to run(transformer); a server-side"
                + " update changes the collection it reads");
    assertThat(items().countDocuments(Filters.exists("x"))).isZero();
  }

  @Test
  void aTransformerFailureNamesTheDocument() {
    insertItems(30);
    register(
        ctx ->
            ctx.batch("items")
                .batchSize(10)
                .run(
                    item -> {
                      if (item.getInteger("_id") == 17) {
                        throw new NumberFormatException("For input string: \"three\"");
                      }
                      return List.of();
                    }));

    assertThatThrownBy(runner::upAll)
        .cause()
        .isInstanceOf(BatchTransformException.class)
        .hasMessageStartingWith(
            "Batch job 'backfill/items' could not transform document _id=17:"
                + " NumberFormatException: For input string: \"three\"")
        .hasRootCauseInstanceOf(NumberFormatException.class);
    assertThat(runner.getStatus("backfill").orElseThrow().error())
        .contains("could not transform document _id=17");
  }

  @Test
  void aUniqueIndexViolationInAChunkIsReportedNotSkipped() {
    insertItems(50);
    items().createIndex(Indexes.ascending("code"), new IndexOptions().unique(true).sparse(true));
    register(ctx -> ctx.batch("items").batchSize(10).update(Updates.set("code", "same")));

    assertThatThrownBy(runner::upAll)
        .cause()
        .isInstanceOf(BatchWriteException.class)
        .hasMessageContaining("the server refused the update of the chunk at the start")
        .hasMessageContaining("duplicate key");
  }

  private void register(TestMigration.Step up) {
    runner.register(TestMigration.of("backfill", 1, up, ctx -> {}).nonTransactional());
  }

  private void insertItems(int count) {
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      documents.add(new Document("_id", i));
    }
    items().insertMany(documents);
  }

  private MongoCollection<Document> items() {
    return db.database().getCollection("items");
  }
}

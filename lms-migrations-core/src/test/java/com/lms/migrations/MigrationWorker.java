package com.lms.migrations;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.tenant.MigrationTenants;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * A separate process that runs migrations, started by the multi-instance tests.
 *
 * <p>Arguments: connection string, database, scenario ({@code counters}, {@code tenants}, {@code
 * crash}, ...), lease in milliseconds.
 */
public final class MigrationWorker {

  static final int COUNTING_MIGRATIONS = 20;
  static final int TENANTS = 10;
  static final int ITEMS = 200;
  public static final int BATCH_ITEMS = 5000;
  static final int BATCH_SIZE = 100;
  static final int HANG_AT = 2550;

  private MigrationWorker() {}

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    String database = args[1];
    String scenario = args[2];
    Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
    try (MongoClient client = MongoClients.create(uri)) {
      MongoTemplate template = new MongoTemplate(client, database);
      MigrationRunner runner =
          new MigrationRunner(
              template,
              MigrationSettings.defaults()
                  .withLock(
                      LockSettings.defaults()
                          .withLeaseTime(lease)
                          .withPollInterval(Duration.ofMillis(50))));
      List<Migration> migrations =
          switch (scenario) {
            case "crash" -> List.of(slowTransform(true));
            case "batch-crash" -> List.of(batchTransform(true));
            case "batch-freeze" -> List.of(batchTransformWaitingForGo());
            case "background-crash" -> List.of(backgroundTransform(true));
            default -> countingMigrations();
          };
      migrations.forEach(runner::register);
      if (scenario.equals("announce")) {
        // Announces itself, renewing every tenth of the lease, until the test kills it.
        runner.instances().announce("worker", "9.9.9", lease.dividedBy(10));
        System.out.println("announced");
        Thread.sleep(Long.MAX_VALUE);
      }
      if (scenario.equals("tenants")) {
        // Every instance starts at the same moment: say ready, then wait for the test's go.
        template.insert(new Document("_id", "ready-" + ProcessHandle.current().pid()), "signals");
        Poll.until(
            "the go signal",
            Duration.ofSeconds(60),
            () -> template.exists(query(where("_id").is("go")), "signals"));
        TenantMigrations.builder(runner, MigrationTenants.of(tenants(database)))
            .parallelism(3)
            .build()
            .migrateAll()
            .throwIfFailed();
      } else if (scenario.startsWith("background")) {
        runner.background().runNext(() -> false);
      } else {
        runner.upAll();
      }
      System.out.println("worker finished");
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** The tenants of the {@code tenants} scenario: ten databases named after the given one. */
  static List<String> tenants(String database) {
    List<String> tenants = new ArrayList<>();
    for (int i = 0; i < TENANTS; i++) {
      tenants.add(database + "_t" + i);
    }
    return tenants;
  }

  /** Twenty migrations whose only effect is to count how often they ran. */
  static List<Migration> countingMigrations() {
    List<Migration> migrations = new ArrayList<>();
    for (int version = 1; version <= COUNTING_MIGRATIONS; version++) {
      String name = "count_" + version;
      migrations.add(
          TestMigration.of(
              name,
              version,
              ctx ->
                  ctx.mongoTemplate()
                      .upsert(
                          query(where("_id").is(name)), new Update().inc("applied", 1), "counters"),
              ctx -> {}));
    }
    return migrations;
  }

  /**
   * Marks every item as migrated, one at a time and idempotently (already migrated items are
   * skipped). With {@code hangHalfway} it records a marker halfway and then hangs, so the test can
   * kill the process mid-migration.
   */
  static Migration slowTransform(boolean hangHalfway) {
    return TestMigration.of(
        "transform_items",
        1,
        ctx -> {
          MongoTemplate template = ctx.mongoTemplate();
          int done = 0;
          for (Document item :
              template.find(
                  new Query().with(org.springframework.data.domain.Sort.by("_id")),
                  Document.class,
                  "items")) {
            template.updateFirst(
                query(where("_id").is(item.get("_id")).and("migrated").ne(true)),
                new Update().set("migrated", true).inc("timesMigrated", 1),
                "items");
            if (++done == ITEMS / 2 && hangHalfway) {
              template.insert(new Document("_id", "halfway"), "markers");
              Thread.sleep(Long.MAX_VALUE);
            }
          }
          ctx.log().info("migrated {} items", done);
        },
        ctx -> {});
  }

  /**
   * Like {@link #batchTransform}, but in the middle of batch 26 it records a marker and waits (up
   * to a minute) for a {@code go} marker, so the test can freeze the process there and let it go on
   * later.
   */
  static Migration batchTransformWaitingForGo() {
    return TestMigration.of(
            "batch_transform_items",
            1,
            ctx ->
                ctx.batch("items")
                    .batchSize(BATCH_SIZE)
                    .run(
                        item -> {
                          if (item.getInteger("_id") == HANG_AT) {
                            MongoTemplate template = ctx.mongoTemplate();
                            template.insert(new Document("_id", "halfway"), "markers");
                            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                            while (template.findById("go", Document.class, "markers") == null
                                && System.nanoTime() < deadline) {
                              Thread.sleep(20);
                            }
                          }
                          return List.of(countMigration(item));
                        }),
            ctx -> {})
        .nonTransactional();
  }

  /**
   * Increments {@code timesMigrated} on every item through the batch helper, a write that is not
   * idempotent, so a batch applied twice shows. With {@code hangAtItem} it records a marker and
   * hangs in the middle of batch 26, after 25 batches are written and checkpointed.
   */
  public static Migration batchTransform(boolean hang) {
    return countingBatchTransform("batch_transform_items", hang).nonTransactional();
  }

  /**
   * {@link #batchTransform} as a background migration: it hangs in the middle of batch 26 when
   * asked to, after 25 batches are written and checkpointed.
   */
  static BackgroundMigration backgroundTransform(boolean hang) {
    return countingBatchTransform("background_transform_items", hang).inBackground();
  }

  private static TestMigration countingBatchTransform(String name, boolean hang) {
    return TestMigration.of(
        name,
        1,
        ctx ->
            ctx.batch("items")
                .batchSize(BATCH_SIZE)
                .run(
                    item -> {
                      if (hang && item.getInteger("_id") == HANG_AT) {
                        awaitCheckpoint(ctx.mongoTemplate(), HANG_AT / BATCH_SIZE * BATCH_SIZE - 1);
                        ctx.mongoTemplate().insert(new Document("_id", "halfway"), "markers");
                        Thread.sleep(Long.MAX_VALUE);
                      }
                      return List.of(countMigration(item));
                    }),
        ctx -> {});
  }

  /**
   * Waits until the batch that ends at {@code lastId} is checkpointed: the writer thread writes it
   * while the job reads the next one.
   */
  private static void awaitCheckpoint(MongoTemplate template, int lastId)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (template
                .getCollection("lms_migrations_checkpoints")
                .countDocuments(new Document("lastId", lastId))
            == 0
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  /** A write that is not idempotent, so an item migrated twice shows. */
  private static com.mongodb.client.model.UpdateOneModel<Document> countMigration(Document item) {
    return new com.mongodb.client.model.UpdateOneModel<>(
        com.mongodb.client.model.Filters.eq("_id", item.get("_id")),
        com.mongodb.client.model.Updates.inc("timesMigrated", 1));
  }
}

package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.startup.DefaultMigrationStartupStrategy;
import com.lms.migrations.startup.MigrationStartupRunner;
import com.lms.migrations.startup.MigrationStartupStrategy;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * When the startup run counts as finished, which is when held web requests are let through; what it
 * does before the run.
 */
@ExtendWith(MongoDatabaseExtension.class)
class MigrationStartupRunnerTests {

  @Test
  void aFailureThatStopsStartupNeverLetsRequestsThrough(TestDatabase db) {
    MigrationStartupRunner startup =
        new MigrationStartupRunner(new MigrationRunner(db.template()), failing(), true);

    assertThatThrownBy(() -> startup.run(null)).hasMessage("half migrated");
    assertThat(startup.isFinished()).isFalse();
  }

  @Test
  void aFailureTheApplicationSurvivesLetsRequestsThrough(TestDatabase db) {
    MigrationStartupRunner startup =
        new MigrationStartupRunner(new MigrationRunner(db.template()), failing(), false);

    startup.run(null);

    assertThat(startup.isFinished()).isTrue();
  }

  @Test
  void aSuccessLetsRequestsThrough(TestDatabase db) {
    MigrationStartupRunner startup =
        new MigrationStartupRunner(new MigrationRunner(db.template()), runner -> {}, true);
    assertThat(startup.isFinished()).as("before it ran").isFalse();

    startup.run(null);

    assertThat(startup.isFinished()).isTrue();
  }

  @Test
  void inTheRunnerPhaseItReadsTheHistoryWhileTheContextRefreshesAndChangesNothingBeforeTheRun(
      TestDatabase db) {
    List<BsonDocument> commands = new CopyOnWriteArrayList<>();
    try (MongoClient client = recordingClient(TestMongo.serverUri(), commands)) {
      MigrationRunner runner = new MigrationRunner(new MongoTemplate(client, db.name()));
      runner.register(TestMigration.recording("add_tags", 1));
      MigrationStartupRunner startup =
          new MigrationStartupRunner(
              runner, new DefaultMigrationStartupStrategy(null, null, false), true);

      startup.afterPropertiesSet();

      Poll.until(
          "the history to be read ahead of the run",
          Duration.ofSeconds(10),
          () -> commands.stream().anyMatch(command -> command.getFirstKey().equals("find")));
      assertThat(commands)
          .extracting(BsonDocument::getFirstKey)
          .as("nothing is written, locked or applied before the run")
          .doesNotContain("insert", "update", "delete", "findAndModify");
      assertThat(db.database().getCollection("lms_migrations").countDocuments()).isZero();

      startup.run(null);

      assertThat(runner.getStatus("add_tags").orElseThrow().status())
          .isEqualTo(MigrationState.COMPLETED);
    }
  }

  @Test
  void aDatabaseThatCannotBeReachedAheadOfTheRunIsReportedByTheRunItself(TestDatabase db) {
    try (MongoClient client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:1"))
                .applyToClusterSettings(
                    cluster -> cluster.serverSelectionTimeout(300, TimeUnit.MILLISECONDS))
                .build())) {
      MigrationRunner runner = new MigrationRunner(new MongoTemplate(client, db.name()));
      runner.register(TestMigration.recording("add_tags", 1));
      MigrationStartupRunner startup =
          new MigrationStartupRunner(
              runner, new DefaultMigrationStartupStrategy(null, null, false), true);

      startup.afterPropertiesSet(); // does not wait for, nor fail on, the read ahead

      assertThatThrownBy(() -> startup.run(null)).isInstanceOf(MongoTimeoutException.class);
      assertThat(startup.isFinished()).isFalse();
    }
  }

  private static MongoClient recordingClient(String uri, List<BsonDocument> commands) {
    return MongoClients.create(
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(uri))
            .addCommandListener(
                new CommandListener() {
                  @Override
                  public void commandStarted(CommandStartedEvent event) {
                    if (!event.getCommandName().equals("hello")
                        && !event.getCommandName().equals("isMaster")) {
                      commands.add(event.getCommand().clone());
                    }
                  }
                })
            .build());
  }

  private static MigrationStartupStrategy failing() {
    return runner -> {
      throw new IllegalStateException("half migrated");
    };
  }
}

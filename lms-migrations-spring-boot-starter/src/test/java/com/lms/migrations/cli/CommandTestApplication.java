package com.lms.migrations.cli;

import com.lms.migrations.Migration;
import com.lms.migrations.connection.MigrationsMongoTemplate;
import com.lms.migrations.drift.EditedMigration;
import com.lms.migrations.testing.Backfill;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** An application run in command-line mode by the tests; the exit code is recorded, not used. */
@SpringBootConfiguration
@EnableAutoConfiguration
class CommandTestApplication {

  static final AtomicInteger exitCode = new AtomicInteger(-1);

  /** What {@code backfill_level} does with each document before transforming it. */
  static volatile Backfill.Check backfillCheck = item -> {};

  /** How many times {@link #courseCatalog()} was created. */
  static final AtomicInteger catalogsCreated = new AtomicInteger();

  @Bean
  MigrationCommandExit recordingExit() {
    return exitCode::set;
  }

  /** A bean of the application that no migration and no command needs. */
  @Bean
  Object courseCatalog() {
    catalogsCreated.incrementAndGet();
    return new Object();
  }

  @Bean
  Migration seedCourses() {
    return TestMigration.of(
        "seed_courses",
        1,
        ctx ->
            ctx.mongoTemplate()
                .insert(new Document("_id", "c1").append("title", "Algebra"), "courses"),
        ctx -> ctx.mongoTemplate().remove(new Query(), "courses"));
  }

  /**
   * Fails with {@code --test.up-fails=true}, or only in the database {@code --test.up-fails-in}.
   */
  @Bean
  Migration renameTitle(
      @Value("${test.lossy-down:false}") boolean lossyDown,
      @Value("${test.up-fails:false}") boolean upFails,
      @Value("${test.up-fails-in:}") String upFailsIn) {
    return TestMigration.of(
        "rename_title",
        2,
        ctx -> {
          if (upFails || ctx.mongoTemplate().getDb().getName().equals(upFailsIn)) {
            throw new IllegalStateException("course c1 has no title");
          }
          ctx.mongoTemplate()
              .updateMulti(new Query(), new Update().rename("title", "name"), "courses");
        },
        ctx ->
            ctx.mongoTemplate()
                .updateMulti(
                    new Query(),
                    lossyDown ? new Update().unset("name") : new Update().rename("name", "title"),
                    "courses"));
  }

  /**
   * A migration supplying its own checksum, with {@code --test.edited-checksum=v1}: run again with
   * {@code v2}, its code has changed since it was applied.
   */
  @Bean
  @ConditionalOnProperty("test.edited-checksum")
  Migration editedCourses(@Value("${test.edited-checksum}") String checksum) {
    return new EditedMigration("edited_courses", 3, checksum);
  }

  /** A background migration over {@code items}, with {@code --test.background=true}. */
  @Bean
  @ConditionalOnBooleanProperty("test.background")
  Migration backfillLevel() {
    return Backfill.migration("backfill_level", 3, item -> backfillCheck.check(item));
  }

  /**
   * With {@code --test.migrations-uri}, migrations run on that server and database, through a
   * template marked {@code @MigrationsMongoTemplate}; the application keeps its own.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty("test.migrations-uri")
  static class MigrationsOnAnotherServer implements DisposableBean {

    private final ConnectionString uri;
    private final MongoClient client;

    MigrationsOnAnotherServer(@Value("${test.migrations-uri}") String uri) {
      this.uri = new ConnectionString(uri);
      this.client = MongoClients.create(this.uri);
    }

    @Bean
    @Primary
    MongoTemplate mongoTemplate(MongoDatabaseFactory factory) {
      return new MongoTemplate(factory);
    }

    @Bean
    @MigrationsMongoTemplate
    MongoTemplate migrationsTemplate() {
      return new MongoTemplate(client, uri.getDatabase());
    }

    @Override
    public void destroy() {
      client.close();
    }
  }
}

package com.lms.migrations.test;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MongoTemplates;
import com.lms.migrations.connection.MigrationsMongoClient;
import com.lms.migrations.connection.MigrationsMongoTemplate;
import com.mongodb.client.MongoDatabase;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The database a test context's migrations run against: the runner bean's database ({@code
 * lms.migrations.database}, else its template's), on the connection the starter gives the runner
 * (the {@link MigrationsMongoTemplate}, else the starter's own client, else the application's
 * template), as {@code MigrationsAutoConfiguration.migrationsTemplate} picks it.
 */
final class MigrationsDatabase {

  private MigrationsDatabase() {}

  /**
   * The runner's database.
   *
   * @param beans the test context's beans
   * @param runner the context's runner
   * @return the database, on the runner's connection
   */
  static MongoDatabase of(ListableBeanFactory beans, MigrationRunner runner) {
    MongoTemplate marked = marked(beans);
    MongoTemplate connection =
        marked != null
            ? marked
            : MigrationsMongoClient.templateOf(
                beans.getBeanProvider(MongoTemplate.class),
                beans.getBeanProvider(MigrationsMongoClient.class));
    return MongoTemplates.forDatabase(connection, runner.getDatabaseName()).getDb();
  }

  /** The template bean marked {@link MigrationsMongoTemplate}, if there is one. */
  private static @Nullable MongoTemplate marked(ListableBeanFactory beans) {
    List<String> names =
        Arrays.stream(beans.getBeanNamesForType(MongoTemplate.class))
            .filter(name -> beans.findAnnotationOnBean(name, MigrationsMongoTemplate.class) != null)
            .toList();
    return names.size() == 1 ? beans.getBean(names.get(0), MongoTemplate.class) : null;
  }
}

package com.lms.migrations.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.autoconfigure.MigrationsAutoConfiguration;
import com.lms.migrations.connection.MigrationsMongoTemplate;
import com.lms.migrations.startup.MigrationStartupRunner;
import com.lms.migrations.tenant.MigrationTenants;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The Spring code of the guide's page on many databases: a migrations template of its own, a tenant
 * registry as the list of tenants, and a tenant migrated when it signs up.
 */
class TenantsGuideTests {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MongoAutoConfiguration.class,
                  DataMongoAutoConfiguration.class,
                  MigrationsAutoConfiguration.class))
          .withPropertyValues("spring.mongodb.uri=" + TestMongo.uri("lms"))
          .withBean(
              Migration.class,
              () ->
                  TestMigration.of(
                      "create_courses",
                      1,
                      ctx -> ctx.mongoTemplate().insert(new Document("_id", "c1"), "courses"),
                      ctx -> {}));

  @AfterEach
  void dropDatabases() {
    TestMongo.client().getDatabase("lms").drop();
    TestMongo.client().getDatabase("lms_admin").drop();
    TestMongo.dropDatabasesStartingWith("school_");
  }

  @Test
  void aMigrationsTemplateOfItsOwnHoldsTheHistoryAndTheMigrationsWrites() {
    contextRunner
        .withPropertyValues("admin.mongodb.uri=" + TestMongo.serverUri())
        .withUserConfiguration(MigrationsDatabaseConfiguration.class)
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);

              MongoTemplate admin = new MongoTemplate(TestMongo.client(), "lms_admin");
              assertThat(admin.findAll(Document.class, "courses"))
                  .containsExactly(new Document("_id", "c1"));
              assertThat(admin.collectionExists("lms_migrations")).isTrue();
              assertThat(context.getBean(MongoTemplate.class).getCollectionNames()).isEmpty();
            });
  }

  @Test
  void theRegistrysTenantsAreMigratedAndOneAddedLaterIsMigratedWhenItSignsUp() {
    SchoolRepository registry = new SchoolRepository();
    registry.add(new School("school_north"));
    contextRunner
        .withBean(SchoolRepository.class, () -> registry)
        .withUserConfiguration(TenantsConfiguration.class)
        .run(
            context -> {
              context.getBean(MigrationStartupRunner.class).run(null);
              TenantMigrations tenantMigrations = context.getBean(TenantMigrations.class);
              registry.add(new School("school_east"));
              assertThat(tenantMigrations.tenants()).containsExactly("school_north", "school_east");

              // tag::migrate-a-new-tenant[]
              tenantMigrations.migrate("school_east"); // applies every migration to it
              // end::migrate-a-new-tenant[]

              for (String school : List.of("school_north", "school_east")) {
                MigrationRunner runner = tenantMigrations.runner(school);
                assertThat(runner.getStatus("create_courses").orElseThrow().status())
                    .as(school)
                    .isEqualTo(MigrationState.COMPLETED);
                assertThat(
                        new MongoTemplate(TestMongo.client(), school)
                            .findAll(Document.class, "courses"))
                    .containsExactly(new Document("_id", "c1"));
              }
              // Not migrated: it holds only the running instances' records.
              assertThat(context.getBean(MongoTemplate.class).getCollectionNames())
                  .containsExactly("lms_migrations_instances");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class MigrationsDatabaseConfiguration {

    @Value("${admin.mongodb.uri}")
    String adminUri;

    // tag::migrations-mongo-template[]
    @Bean
    @Primary
    MongoTemplate mongoTemplate(MongoClient client) { // the application's
      return new MongoTemplate(client, "lms");
    }

    @Bean
    @MigrationsMongoTemplate
    MongoTemplate migrationsTemplate() { // the migrations'
      return new MongoTemplate(MongoClients.create(adminUri), "lms_admin");
    }
    // end::migrations-mongo-template[]
  }

  @Configuration(proxyBeanMethods = false)
  static class TenantsConfiguration {

    // tag::migration-tenants-bean[]
    @Bean
    MigrationTenants tenants(SchoolRepository schools) {
      return () -> schools.findAll().stream().map(School::database).toList();
    }
    // end::migration-tenants-bean[]
  }

  /** A school and its database. */
  record School(String database) {}

  /** The application's registry of schools, to which a school is added when it signs up. */
  static class SchoolRepository {

    private final List<School> schools = new ArrayList<>();

    synchronized void add(School school) {
      schools.add(school);
    }

    synchronized List<School> findAll() {
      return List.copyOf(schools);
    }
  }
}

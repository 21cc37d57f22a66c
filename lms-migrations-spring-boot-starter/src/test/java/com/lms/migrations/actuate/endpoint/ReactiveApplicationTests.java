package com.lms.migrations.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Migration;
import com.lms.migrations.connection.MigrationsMongoClient;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A WebFlux service whose MongoDB is reactive only: Spring Boot's blocking Mongo
 * auto-configurations are excluded, so it has a {@link ReactiveMongoTemplate} and no {@link
 * MongoTemplate}. The starter opens its own client; the migration is applied at startup, and the
 * endpoint and health answer over HTTP.
 */
@EnabledIf(
    value = "com.lms.migrations.reactive.ReactiveDriver#onClassPath",
    disabledReason = "the reactive MongoDB driver is only in the reactive-tests run")
@SpringBootTest(
    classes = ReactiveApplicationTests.ReactiveApplication.class,
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.main.web-application-type=reactive",
      "spring.autoconfigure.exclude="
          + "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration,"
          + "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration,"
          + "org.springframework.boot.data.mongodb.autoconfigure"
          + ".DataMongoRepositoriesAutoConfiguration",
      "management.endpoints.web.exposure.include=health,migrations",
      "management.endpoint.health.show-details=always",
      "management.health.mongodb.enabled=false"
    })
class ReactiveApplicationTests {

  private static final String DATABASE = TestMongo.newDatabaseName("reactive_app");

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", () -> TestMongo.uri(DATABASE));
  }

  @AfterAll
  static void drop() {
    TestMongo.client().getDatabase(DATABASE).drop();
  }

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired ReactiveMongoTemplate reactiveMongo;

  @Test
  void theMigrationIsAppliedAtStartupOnTheStartersOwnClient() {
    assertThat(context.getBeanNamesForType(MongoTemplate.class)).isEmpty();
    assertThat(context.getBeanNamesForType(com.mongodb.client.MongoClient.class)).isEmpty();
    assertThat(context.getBean(MigrationsMongoClient.class).database()).isEqualTo(DATABASE);

    Document course = reactiveMongo.findById("c1", Document.class, "courses").block();

    assertThat(course).isNotNull();
    assertThat(course.getList("tags", String.class)).isEmpty();
  }

  @Test
  void theEndpointReportsTheAppliedMigration() {
    Http.Response response = new Http(port, null, null).get("/actuator/migrations");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().get("currentVersion").asInt()).isEqualTo(2);
    assertThat(response.body().get("pending").asInt()).isZero();
    assertThat(response.body().get("migrations").get(1).get("name").asString())
        .isEqualTo("tag_courses");
    assertThat(response.body().get("migrations").get(1).get("status").asString())
        .isEqualTo("completed");
  }

  @Test
  void healthShowsTheMigrationsUp() {
    Http.Response response = new Http(port, null, null).get("/actuator/health");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().at("/components/migrations/status").asString()).isEqualTo("UP");
    assertThat(response.body().at("/components/migrations/details/currentVersion").asInt())
        .isEqualTo(2);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class ReactiveApplication {

    @Bean
    SecurityWebFilterChain openForTheTest(ServerHttpSecurity http) {
      return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
          .csrf(ServerHttpSecurity.CsrfSpec::disable)
          .build();
    }

    @Bean
    Migration seedCourses() {
      return TestMigration.of(
          "seed_courses",
          1,
          ctx ->
              ctx.mongoTemplate()
                  .insert(List.of(new Document("_id", "c1"), new Document("_id", "c2")), "courses"),
          ctx -> ctx.mongoTemplate().remove(new Query(), "courses"));
    }

    @Bean
    Migration tagCourses() {
      return TestMigration.of(
          "tag_courses",
          2,
          ctx ->
              ctx.mongoTemplate()
                  .updateMulti(new Query(), new Update().set("tags", List.of()), "courses"),
          ctx ->
              ctx.mongoTemplate().updateMulti(new Query(), new Update().unset("tags"), "courses"));
    }
  }
}

package com.lms.migrations.actuate.endpoint;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.lms.migrations.testing.TestMigration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/** A secured web application with four migrations over a {@code courses} collection. */
@SpringBootConfiguration
@EnableAutoConfiguration
class EndpointTestApplication {

  /**
   * A user whose name carries a line break and a forged log line (no colon: basic auth splits
   * there).
   */
  static final String FORGING_USER =
      "mallory\r\nINFO  [main] c.l.m.MigrationRunLoop - Rolled back migration 'archive_flags' by admin";

  /** When set, {@code archive_flags} cannot be rolled back. */
  static final AtomicBoolean archiveDownFails = new AtomicBoolean();

  @Bean
  SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
    return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .httpBasic(Customizer.withDefaults())
        .csrf(csrf -> csrf.disable())
        .build();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}secret").roles("OPS").build(),
        User.withUsername(FORGING_USER).password("{noop}secret").roles("OPS").build());
  }

  @Bean
  Migration seedCourses() {
    return TestMigration.of(
        "seed_courses",
        1,
        ctx ->
            ctx.mongoTemplate()
                .insert(
                    List.of(
                        new Document("_id", "c1").append("title", "Algebra"),
                        new Document("_id", "c2").append("title", "Biology"),
                        new Document("_id", "c3").append("title", "Chemistry")),
                    "courses"),
        ctx -> ctx.mongoTemplate().remove(new Query(), "courses"));
  }

  @Bean
  Migration addCourseTags() {
    return new Migration() {
      @Override
      public String name() {
        return "add_course_tags";
      }

      @Override
      public int version() {
        return 2;
      }

      @Override
      public String description() {
        return "Add tags field to all courses";
      }

      @Override
      public void up(MigrationContext ctx) {
        long n =
            ctx.mongoTemplate()
                .updateMulti(
                    query(where("tags").exists(false)),
                    new Update().set("tags", List.of()),
                    "courses")
                .getModifiedCount();
        ctx.log().info("Added tags to {} courses", n);
      }

      @Override
      public void down(MigrationContext ctx) {
        ctx.mongoTemplate().updateMulti(new Query(), new Update().unset("tags"), "courses");
      }
    };
  }

  @Bean
  Migration renameTitle() {
    // A schema step: its rollback renames back without a down of its own.
    return TestMigration.of(
        "rename_title", 3, ctx -> ctx.schema().renameField("courses", "title", "name"), ctx -> {});
  }

  @Bean
  Migration archiveFlags() {
    return TestMigration.of(
        "archive_flags",
        4,
        ctx ->
            ctx.mongoTemplate()
                .updateMulti(new Query(), new Update().set("archived", false), "courses"),
        ctx -> {
          if (archiveDownFails.get()) {
            throw new IllegalStateException("archived flags are in use by reports");
          }
          ctx.mongoTemplate().updateMulti(new Query(), new Update().unset("archived"), "courses");
        });
  }
}

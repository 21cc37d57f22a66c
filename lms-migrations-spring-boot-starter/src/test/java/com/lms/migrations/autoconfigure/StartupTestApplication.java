package com.lms.migrations.autoconfigure;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.events.MigrationEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;

/** A small application using the starter, started for real by the startup tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AddTagsMigration.class)
class StartupTestApplication {

  /** Readiness as seen from inside a migration, and migration state seen by a later runner. */
  static final List<Object> observations = new CopyOnWriteArrayList<>();

  static final List<MigrationEvent> events = new CopyOnWriteArrayList<>();

  @Bean
  Migration readinessProbe(ObjectProvider<ApplicationAvailability> availability) {
    return new Migration() {
      @Override
      public String name() {
        return "observe_readiness";
      }

      @Override
      public int version() {
        return 3;
      }

      @Override
      public void up(MigrationContext context) {
        observations.add(availability.getObject().getReadinessState());
      }

      @Override
      public void down(MigrationContext context) {}
    };
  }

  @Bean
  @Order(0)
  ApplicationRunner userRunner(MigrationRunner runner) {
    return args -> observations.add(runner.getStatus("observe_readiness").orElseThrow().status());
  }

  @Bean
  ApplicationListener<MigrationEvent> migrationEvents() {
    return events::add;
  }

  static ConfigurableApplicationContext start(String uri, String... properties) {
    observations.clear();
    events.clear();
    return new SpringApplicationBuilder(StartupTestApplication.class)
        .web(WebApplicationType.NONE)
        .properties("spring.mongodb.uri=" + uri, "management.health.mongodb.enabled=false")
        .properties(properties)
        .run();
  }

  static ReadinessState readiness(ConfigurableApplicationContext context) {
    return context.getBean(ApplicationAvailability.class).getReadinessState();
  }
}

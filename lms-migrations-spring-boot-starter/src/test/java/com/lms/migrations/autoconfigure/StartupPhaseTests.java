package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.events.MigrationRunFinishedEvent;
import com.lms.migrations.startup.DependsOnMigrations;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * What schema version beans that start with the application see first, in each startup phase: a
 * {@code SmartLifecycle} bean (as a message listener container is), a {@code @Scheduled} job and a
 * bean marked {@link DependsOnMigrations}.
 */
@ExtendWith(MongoDatabaseExtension.class)
class StartupPhaseTests {

  private static final AtomicInteger lifecycleSaw = new AtomicInteger(-1);
  private static final AtomicInteger scheduledSaw = new AtomicInteger(-1);
  private static final AtomicInteger dependentSaw = new AtomicInteger(-1);
  private static final AtomicInteger componentSaw = new AtomicInteger(-1);
  private static final AtomicInteger runEvents = new AtomicInteger();
  private static volatile CountDownLatch scheduledRan = new CountDownLatch(1);
  private static volatile boolean waitForTheScheduledJob;

  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    lifecycleSaw.set(-1);
    scheduledSaw.set(-1);
    dependentSaw.set(-1);
    componentSaw.set(-1);
    runEvents.set(0);
    scheduledRan = new CountDownLatch(1);
  }

  @Test
  void theRefreshPhaseMigratesBeforeLifecycleBeansSchedulersAndMarkedBeans() {
    waitForTheScheduledJob = false;
    try (ConfigurableApplicationContext context = start("lms.migrations.startup.phase=refresh")) {
      Poll.until("the scheduled job to run", Duration.ofSeconds(20), () -> scheduledSaw.get() >= 0);

      assertThat(dependentSaw).as("a @DependsOnMigrations bean, when created").hasValue(2);
      assertThat(componentSaw).as("a @DependsOnMigrations component, when created").hasValue(2);
      assertThat(lifecycleSaw).as("a SmartLifecycle bean, when started").hasValue(2);
      assertThat(scheduledSaw).as("a @Scheduled job, on its first run").hasValue(2);
      assertThat(runEvents).as("an ApplicationListener bean hears the run").hasValue(1);
    }
  }

  @Test
  void theRefreshPhaseMigratesEvenWithLazyInitialization() {
    waitForTheScheduledJob = false;
    try (ConfigurableApplicationContext context =
        start("lms.migrations.startup.phase=refresh", "spring.main.lazy-initialization=true")) {
      assertThat(lifecycleSaw).as("a SmartLifecycle bean, when started").hasValue(2);
    }
  }

  @Test
  void theDefaultRunnerPhaseMigratesAfterLifecycleBeansAndSchedulersStarted() {
    // The migration waits for the scheduler's first run, so what the job sees is certain.
    waitForTheScheduledJob = true;
    try (ConfigurableApplicationContext context = start()) {
      assertThat(context.getBean(MigrationRunner.class).info().currentVersion()).isEqualTo(2);
      assertThat(lifecycleSaw).as("a SmartLifecycle bean starts on the old schema").hasValue(0);
      assertThat(scheduledSaw).as("a @Scheduled job runs on the old schema").hasValue(0);
    }
  }

  @Test
  void aMarkedBeanIsCreatedAfterTheStartupMigrationsBean() {
    try (ConfigurableApplicationContext context = start("lms.migrations.startup.phase=refresh")) {
      String[] dependsOn =
          context.getBeanFactory().getBeanDefinition("schemaReader").getDependsOn();
      assertThat(dependsOn).contains("migrationStartupRunner");
    }
  }

  private ConfigurableApplicationContext start(String... properties) {
    return new SpringApplicationBuilder(PhaseApplication.class)
        .web(WebApplicationType.NONE)
        .properties("spring.mongodb.uri=" + db.uri(), "management.health.mongodb.enabled=false")
        .properties(properties)
        .run();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableScheduling
  @Import(CourseCache.class)
  static class PhaseApplication {

    @Bean
    Migration first() {
      // Waits for the scheduler's first run too: the job must see the schema before any migration.
      return TestMigration.of(
          "first",
          1,
          ctx -> {
            if (waitForTheScheduledJob && !scheduledRan.await(20, TimeUnit.SECONDS)) {
              throw new IllegalStateException("the scheduled job never ran");
            }
            ctx.mongoTemplate().insert(new org.bson.Document("_id", "first"), "effects");
          },
          ctx -> {});
    }

    @Bean
    Migration second() {
      return new Migration() {
        @Override
        public String name() {
          return "second";
        }

        @Override
        public int version() {
          return 2;
        }

        @Override
        public void up(MigrationContext context) throws InterruptedException {
          if (waitForTheScheduledJob && !scheduledRan.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the scheduled job never ran");
          }
        }

        @Override
        public void down(MigrationContext context) {}
      };
    }

    @Bean
    @DependsOnMigrations
    SchemaReader schemaReader(MigrationRunner runner) {
      dependentSaw.set(runner.info().currentVersion());
      return new SchemaReader();
    }

    @Bean
    SmartLifecycle listenerContainer(ObjectProvider<MigrationRunner> runner) {
      return new SmartLifecycle() {
        private volatile boolean running;

        @Override
        public void start() {
          lifecycleSaw.compareAndSet(-1, runner.getObject().info().currentVersion());
          running = true;
        }

        @Override
        public void stop() {
          running = false;
        }

        @Override
        public boolean isRunning() {
          return running;
        }
      };
    }

    @Bean
    ApplicationListener<MigrationRunFinishedEvent> runFinishedListener() {
      return event -> runEvents.incrementAndGet();
    }

    @Bean
    ScheduledJob scheduledJob(ObjectProvider<MigrationRunner> runner) {
      return new ScheduledJob(runner);
    }
  }

  static class SchemaReader {}

  @DependsOnMigrations
  static class CourseCache {

    CourseCache(MigrationRunner runner) {
      componentSaw.set(runner.info().currentVersion());
    }
  }

  static class ScheduledJob {

    private final ObjectProvider<MigrationRunner> runner;

    ScheduledJob(ObjectProvider<MigrationRunner> runner) {
      this.runner = runner;
    }

    @Scheduled(fixedDelay = 60_000)
    void run() {
      scheduledSaw.compareAndSet(-1, runner.getObject().info().currentVersion());
      scheduledRan.countDown();
    }
  }
}

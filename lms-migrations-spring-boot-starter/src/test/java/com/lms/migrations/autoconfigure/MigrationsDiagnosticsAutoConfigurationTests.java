package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What the starter says at startup about its configuration: why it is off, which properties it does
 * not know, which scan-packages entries match nothing. The exact lines the user reads.
 */
@ExtendWith({MongoDatabaseExtension.class, OutputCaptureExtension.class})
class MigrationsDiagnosticsAutoConfigurationTests {

  private static final String OFF = "lms-migrations is off: ";

  private ApplicationContextRunner contextRunner;
  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.contextRunner =
        new ApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    MongoAutoConfiguration.class,
                    DataMongoAutoConfiguration.class,
                    MigrationsAutoConfiguration.class,
                    MigrationsDiagnosticsAutoConfiguration.class))
            .withPropertyValues("spring.mongodb.uri=" + db.uri())
            .withBean(AddTagsMigration.class);
  }

  @Test
  void saysNothingWhenMigrationsAreOn(CapturedOutput output) {
    contextRunner.run(context -> assertThat(context).hasSingleBean(MigrationRunner.class));

    assertThat(output).doesNotContain(OFF).doesNotContain("Unknown property");
  }

  @Test
  void saysOnceAtInfoThatItIsDisabled(CapturedOutput output) {
    contextRunner
        .withPropertyValues("lms.migrations.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(MigrationRunner.class));

    assertThat(linesContaining(output, OFF))
        .containsExactly(
            "INFO BackOffReporter - lms-migrations is off: lms.migrations.enabled=false; remove that"
                + " property, or set it to true, to apply migrations.");
  }

  @Test
  void saysWhenTheApplicationHasNoMongoDb(CapturedOutput output) {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MigrationsMongoClientAutoConfiguration.class,
                MigrationsAutoConfiguration.class,
                MigrationsDiagnosticsAutoConfiguration.class))
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(linesContaining(output, OFF))
        .containsExactly(
            "INFO BackOffReporter - lms-migrations is off: the application has no MongoDB"
                + " connection (no MongoTemplate bean, and no MongoConnectionDetails from Spring"
                + " Boot's Mongo auto-configuration); add spring-boot-starter-data-mongodb or"
                + " spring-boot-starter-data-mongodb-reactive, or define a MongoTemplate bean.");
  }

  @Test
  void saysWhenSpringDataMongoDbIsMissing(CapturedOutput output) {
    contextRunner
        .withClassLoader(new FilteredClassLoader(MongoTemplate.class))
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(linesContaining(output, OFF))
        .containsExactly(
            "INFO BackOffReporter - lms-migrations is off: Spring Data MongoDB is not on the class"
                + " path; add spring-boot-starter-data-mongodb (or"
                + " spring-boot-starter-data-mongodb-reactive).");
  }

  @Test
  void saysWhenItsAutoConfigurationIsExcluded(CapturedOutput output) {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ExcludingApplication.class)
            .web(WebApplicationType.NONE)
            .properties(
                "spring.mongodb.uri=" + db.uri(),
                "management.health.mongodb.enabled=false",
                "spring.main.banner-mode=off")
            .run()) {
      assertThat(context.getBeanNamesForType(MigrationRunner.class)).isEmpty();
    }

    assertThat(linesContaining(output, OFF))
        .containsExactly(
            "INFO BackOffReporter - lms-migrations is off: MigrationsAutoConfiguration is excluded;"
                + " remove it from spring.autoconfigure.exclude or"
                + " @SpringBootApplication(exclude).");
  }

  @Test
  void warnsAboutAMistypedPropertyNamingTheClosestOne(CapturedOutput output) {
    contextRunner
        .withPropertyValues("lms.migrations.colection=history")
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(linesContaining(output, "Unknown property"))
        .containsExactly(
            "WARN UnknownPropertyReporter - Unknown property 'lms.migrations.colection' is"
                + " ignored; did you mean 'lms.migrations.collection'? (originating from"
                + " '\"lms.migrations.colection\" from property source \"test\"')");
  }

  @Test
  void warnsAboutAMistypedSwitchEvenThoughTheStarterRuns(CapturedOutput output) {
    contextRunner
        .withPropertyValues("lms.migrations.enable=false", "lms.migrations.lock.wait-tme=1m")
        .run(context -> assertThat(context).hasSingleBean(MigrationRunner.class));

    assertThat(linesContaining(output, "Unknown property"))
        .containsExactly(
            "WARN UnknownPropertyReporter - Unknown property 'lms.migrations.enable' is ignored;"
                + " did you mean 'lms.migrations.enabled'? (originating from"
                + " '\"lms.migrations.enable\" from property source \"test\"')",
            "WARN UnknownPropertyReporter - Unknown property 'lms.migrations.lock.wait-tme' is"
                + " ignored; did you mean 'lms.migrations.lock.wait-time'? (originating from"
                + " '\"lms.migrations.lock.wait-tme\" from property source \"test\"')");
  }

  @Test
  void acceptsListsMapsCommandPropertiesAndRelaxedNames(CapturedOutput output) {
    contextRunner
        .withPropertyValues(
            "lms.migrations.scan-packages[0]=com.lms.migrations.autoconfigure.scanned",
            "lms.migrations.import.mappings.[add_tags_v1]=add_tags",
            "lms.migrations.runOnStartup=false",
            "lms.migrations.verify.database=scratch",
            "lms.migrations.startup.hold-requests=false")
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            "test-systemEnvironment",
                            Map.of("LMS_MIGRATIONS_LOCK_LEASETIME", "20s"))))
        .run(context -> assertThat(context).hasSingleBean(MigrationRunner.class));

    assertThat(output).doesNotContain("Unknown property");
  }

  @Test
  void warnsAboutAScanPackageThatMatchesNothingNamingTheClosestThatHasMigrations(
      CapturedOutput output) {
    contextRunner
        .withPropertyValues("lms.migrations.scan-packages=com.lms.migrations.autoconfigure.scaned")
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(linesContaining(output, "scan-packages entry"))
        .containsExactly(
            "WARN MigrationScanRegistrar - lms.migrations.scan-packages entry"
                + " 'com.lms.migrations.autoconfigure.scaned' matches no Migration class; did you"
                + " mean 'com.lms.migrations.autoconfigure.scanned' (the closest package with"
                + " Migration classes)?");
  }

  @Test
  void saysSoWhenNoPackageNearTheScanPackageHasMigrations(CapturedOutput output) {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MongoAutoConfiguration.class,
                DataMongoAutoConfiguration.class,
                MigrationsAutoConfiguration.class))
        .withPropertyValues(
            "spring.mongodb.uri=" + db.uri(),
            "lms.migrations.scan-packages=org.example.nothing.here")
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(linesContaining(output, "scan-packages entry"))
        .containsExactly(
            "WARN MigrationScanRegistrar - lms.migrations.scan-packages entry"
                + " 'org.example.nothing.here' matches no Migration class, and no package with"
                + " Migration classes was found near it or in the application's packages");
  }

  @Test
  void saysNothingAboutAScanPackageThatHasMigrations(CapturedOutput output) {
    contextRunner
        .withPropertyValues("lms.migrations.scan-packages=com.lms.migrations.autoconfigure.scanned")
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(output).doesNotContain("scan-packages entry");
  }

  /** The log lines containing {@code text}, as "LEVEL Logger - message". */
  private static List<String> linesContaining(CapturedOutput output, String text) {
    return output
        .getOut()
        .lines()
        .filter(line -> line.contains(text))
        .map(
            line ->
                line.replaceFirst("^\\S+ (\\w+)\\s+\\[[^]]*] (?:\\S+\\.)?(\\w+) - ", "$1 $2 - "))
        .toList();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration(exclude = MigrationsAutoConfiguration.class)
  static class ExcludingApplication {}
}

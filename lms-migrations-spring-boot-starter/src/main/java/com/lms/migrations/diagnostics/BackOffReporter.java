package com.lms.migrations.diagnostics;

import com.lms.migrations.MigrationRunner;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcomes;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Says once, at INFO, why lms-migrations does nothing in this application when it has no {@link
 * MigrationRunner}: disabled, no Spring Data MongoDB, no MongoDB connection, or its
 * auto-configuration excluded; each time with what would turn it on.
 */
public final class BackOffReporter implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(BackOffReporter.class);

  private static final String MONGO_TEMPLATE =
      "org.springframework.data.mongodb.core.MongoTemplate";

  private static final String CONNECTION_DETAILS =
      "org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails";

  private static final String AUTO_CONFIGURATION =
      "com.lms.migrations.autoconfigure.MigrationsAutoConfiguration";

  private final ConfigurableListableBeanFactory beanFactory;
  private final Environment environment;

  /**
   * Creates the reporter.
   *
   * @param beanFactory where the runner and the starter's prerequisites are looked for
   * @param environment the properties that turn the starter off
   */
  public BackOffReporter(ConfigurableListableBeanFactory beanFactory, Environment environment) {
    this.beanFactory = beanFactory;
    this.environment = environment;
  }

  @Override
  public void afterSingletonsInstantiated() {
    reason().ifPresent(log::info);
  }

  /** Why the starter is off, or empty when it has a runner. */
  Optional<String> reason() {
    if (hasBean(MigrationRunner.class.getName())) {
      return Optional.empty();
    }
    String enabled = environment.getProperty("lms.migrations.enabled");
    if (enabled != null && !enabled.trim().equalsIgnoreCase("true")) {
      return off(
          "lms.migrations.enabled=" + enabled,
          "remove that property, or set it to true, to apply migrations");
    }
    if (!isPresent(MONGO_TEMPLATE)) {
      return off(
          "Spring Data MongoDB is not on the class path",
          "add spring-boot-starter-data-mongodb (or spring-boot-starter-data-mongodb-reactive)");
    }
    if (!hasBean(MONGO_TEMPLATE) && !hasBean(CONNECTION_DETAILS)) {
      return off(
          "the application has no MongoDB connection (no MongoTemplate bean, and no"
              + " MongoConnectionDetails from Spring Boot's Mongo auto-configuration)",
          "add spring-boot-starter-data-mongodb or spring-boot-starter-data-mongodb-reactive, or"
              + " define a MongoTemplate bean");
    }
    ConditionEvaluationReport report = ConditionEvaluationReport.find(beanFactory);
    if (report != null && report.getExclusions().contains(AUTO_CONFIGURATION)) {
      return off(
          "MigrationsAutoConfiguration is excluded",
          "remove it from spring.autoconfigure.exclude or @SpringBootApplication(exclude)");
    }
    ConditionAndOutcomes outcomes =
        report == null ? null : report.getConditionAndOutcomesBySource().get(AUTO_CONFIGURATION);
    if (outcomes != null) {
      for (ConditionAndOutcome outcome : outcomes) {
        if (!outcome.getOutcome().isMatch()) {
          return off(
              "MigrationsAutoConfiguration did not match: " + outcome.getOutcome().getMessage(),
              "see the condition evaluation report (--debug)");
        }
      }
    }
    return off(
        "MigrationsAutoConfiguration was not applied",
        "use @SpringBootApplication or @EnableAutoConfiguration");
  }

  private static Optional<String> off(String why, String fix) {
    return Optional.of("lms-migrations is off: " + why + "; " + fix + ".");
  }

  private boolean isPresent(String className) {
    return ClassUtils.isPresent(className, beanFactory.getBeanClassLoader());
  }

  private boolean hasBean(String className) {
    if (!isPresent(className)) {
      return false;
    }
    Class<?> type = ClassUtils.resolveClassName(className, beanFactory.getBeanClassLoader());
    return beanFactory.getBeanNamesForType(type, true, false).length > 0;
  }
}

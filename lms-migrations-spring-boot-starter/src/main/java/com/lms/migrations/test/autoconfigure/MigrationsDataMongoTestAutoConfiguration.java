package com.lms.migrations.test.autoconfigure;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.autoconfigure.MigrationsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The migrations of a {@code @DataMongoTest}. That slice imports {@link
 * MigrationsAutoConfiguration}, so the migrations are applied when the context starts, and this
 * auto-configuration, which adds the migrations the slice's type filter leaves out: every
 * {@code @Component} class implementing {@link Migration} in the application's packages (those of
 * the {@code @SpringBootApplication} class), as component scanning finds them in the application.
 * Both are listed in {@code
 * META-INF/spring/org.springframework.boot.data.mongodb.test.autoconfigure.AutoConfigureDataMongo.imports}.
 */
@AutoConfiguration(before = MigrationsAutoConfiguration.class)
@ConditionalOnClass({MongoTemplate.class, MigrationRunner.class})
@ConditionalOnBooleanProperty(name = "lms.migrations.enabled", matchIfMissing = true)
@Import(MigrationComponentsRegistrar.class)
public final class MigrationsDataMongoTestAutoConfiguration {

  /** Created by Spring Boot's auto-configuration. */
  public MigrationsDataMongoTestAutoConfiguration() {}
}

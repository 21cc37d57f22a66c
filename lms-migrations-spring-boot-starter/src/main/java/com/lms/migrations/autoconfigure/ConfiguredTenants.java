package com.lms.migrations.autoconfigure;

import com.lms.migrations.DatabaseNames;
import com.lms.migrations.InvalidDatabaseNameException;
import com.lms.migrations.tenant.MigrationTenants;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.StringUtils;

/** The tenants {@code lms.migrations.tenants.*} or a {@link MigrationTenants} bean describe. */
final class ConfiguredTenants {

  private static final Logger log = LoggerFactory.getLogger(ConfiguredTenants.class);

  private static final String DATABASES = "lms.migrations.tenants.databases";
  private static final String PATTERN = "lms.migrations.tenants.pattern";

  private ConfiguredTenants() {}

  /**
   * The tenants: the application's bean when it defines one, else the listed databases, else the
   * existing databases matching the pattern.
   *
   * @throws InvalidConfigurationPropertyValueException naming the property of a bad value
   */
  static MigrationTenants of(
      MigrationsProperties.Tenants config,
      @Nullable MigrationTenants bean,
      Supplier<MongoTemplate> template) {
    boolean listed = !config.getDatabases().isEmpty();
    boolean matched = StringUtils.hasText(config.getPattern());
    if (bean != null) {
      if (listed || matched) {
        log.warn(
            "{} is ignored: the application defines a MigrationTenants bean, which lists the"
                + " tenants",
            listed ? DATABASES : PATTERN);
      }
      return bean;
    }
    if (listed && matched) {
      throw new InvalidConfigurationPropertyValueException(
          PATTERN,
          config.getPattern(),
          "Set either " + DATABASES + " or " + PATTERN + ", not both.");
    }
    if (listed) {
      for (String name : config.getDatabases()) {
        try {
          DatabaseNames.requireValid(name);
        } catch (InvalidDatabaseNameException e) {
          throw new InvalidConfigurationPropertyValueException(DATABASES, name, e.getMessage());
        }
      }
      return MigrationTenants.of(config.getDatabases());
    }
    String regex = config.getPattern();
    try {
      return MigrationTenants.matching(template.get(), Pattern.compile(regex.strip()));
    } catch (PatternSyntaxException e) {
      throw new InvalidConfigurationPropertyValueException(
          PATTERN,
          regex,
          "It is not a regular expression: "
              + e.getDescription()
              + " at index "
              + e.getIndex()
              + ".");
    }
  }
}

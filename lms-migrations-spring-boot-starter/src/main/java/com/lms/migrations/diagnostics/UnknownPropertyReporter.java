package com.lms.migrations.diagnostics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Warns, once the application context is ready, about every property set under {@code
 * lms.migrations} that no setting of the starter reads (a typo such as {@code
 * lms.migrations.colection}), naming the closest property that exists and where the unknown one was
 * set. Relaxed forms ({@code LMS_MIGRATIONS_COLLECTION}, {@code runOnStartup}) are recognised as
 * Spring Boot binds them.
 */
public final class UnknownPropertyReporter implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(UnknownPropertyReporter.class);

  private static final ConfigurationPropertyName PREFIX =
      ConfigurationPropertyName.of("lms.migrations");

  private final Environment environment;
  private final ClassLoader classLoader;

  /**
   * Creates the reporter.
   *
   * @param environment where the properties are set
   * @param classLoader loads the starter's configuration metadata
   */
  public UnknownPropertyReporter(Environment environment, ClassLoader classLoader) {
    this.environment = environment;
    this.classLoader = classLoader;
  }

  @Override
  public void afterSingletonsInstantiated() {
    warnings().forEach(log::warn);
  }

  /** One line per unknown property, in the order of the property sources. */
  List<String> warnings() {
    Map<ConfigurationPropertyName, String> used = new LinkedHashMap<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source instanceof IterableConfigurationPropertySource iterable) {
        iterable.stream()
            .filter(PREFIX::isAncestorOf)
            .forEach(name -> used.putIfAbsent(name, whereSet(source, name)));
      }
    }
    if (used.isEmpty()) {
      return List.of();
    }
    KnownProperties known = KnownProperties.load(classLoader, PREFIX);
    List<String> knownNames = known.names().stream().map(Object::toString).toList();
    List<String> warnings = new ArrayList<>();
    used.forEach(
        (name, where) -> {
          if (!known.isKnown(name)) {
            String closest = ClosestName.closest(name.toString(), knownNames).orElse(null);
            warnings.add(message(name, closest, where));
          }
        });
    return warnings;
  }

  private static String message(
      ConfigurationPropertyName name, @Nullable String closest, String where) {
    return "Unknown property '"
        + name
        + "' is ignored"
        + (closest == null ? "" : "; did you mean '" + closest + "'?")
        + " (originating from '"
        + where
        + "')";
  }

  private static String whereSet(
      ConfigurationPropertySource source, ConfigurationPropertyName name) {
    ConfigurationProperty property = source.getConfigurationProperty(name);
    Origin origin = property == null ? null : property.getOrigin();
    if (origin != null) {
      return origin.toString();
    }
    return source.getUnderlyingSource() instanceof PropertySource<?> propertySource
        ? "property source \"" + propertySource.getName() + "\""
        : String.valueOf(source.getUnderlyingSource());
  }
}

package com.lms.migrations.diagnostics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The properties under a prefix that configuration metadata ({@value #METADATA}, generated at build
 * time from the {@code @ConfigurationProperties} classes) declares. A property of a map, list, set
 * or array type also accepts the names below it ({@code scan-packages[0]}, {@code
 * import.mappings.[old_id]}).
 */
final class KnownProperties {

  /** Where the configuration processor writes the metadata. */
  static final String METADATA = "META-INF/spring-configuration-metadata.json";

  private final Map<ConfigurationPropertyName, Boolean> acceptsChildren;

  private KnownProperties(Map<ConfigurationPropertyName, Boolean> acceptsChildren) {
    this.acceptsChildren = acceptsChildren;
  }

  /**
   * Reads every metadata file on the class path that mentions the prefix.
   *
   * @param classLoader where to look
   * @param prefix the prefix, such as {@code lms.migrations}
   * @return the properties under it
   */
  static KnownProperties load(ClassLoader classLoader, ConfigurationPropertyName prefix) {
    Map<ConfigurationPropertyName, Boolean> properties = new LinkedHashMap<>();
    try {
      for (URL url : Collections.list(classLoader.getResources(METADATA))) {
        String json = read(url);
        if (json.contains("\"" + prefix + ".")) {
          add(json, prefix, properties);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + METADATA, e);
    }
    return new KnownProperties(properties);
  }

  private static String read(URL url) throws IOException {
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void add(
      String json,
      ConfigurationPropertyName prefix,
      Map<ConfigurationPropertyName, Boolean> properties) {
    Object declared = JsonParserFactory.getJsonParser().parseMap(json).get("properties");
    if (!(declared instanceof List<?> list)) {
      return;
    }
    for (Object entry : list) {
      if (entry instanceof Map<?, ?> property
          && property.get("name") instanceof String name
          && ConfigurationPropertyName.isValid(name)) {
        ConfigurationPropertyName propertyName = ConfigurationPropertyName.of(name);
        if (prefix.isAncestorOf(propertyName)) {
          properties.put(propertyName, acceptsChildren(property.get("type")));
        }
      }
    }
  }

  private static boolean acceptsChildren(Object type) {
    return type instanceof String name
        && (name.startsWith("java.util.Map")
            || name.startsWith("java.util.List")
            || name.startsWith("java.util.Set")
            || name.startsWith("java.util.Collection")
            || name.endsWith("[]"));
  }

  /**
   * Whether the name is a known property, or below one of a map, list, set or array type.
   *
   * @param name a name from the environment
   * @return {@code true} when binding uses it
   */
  boolean isKnown(ConfigurationPropertyName name) {
    for (Map.Entry<ConfigurationPropertyName, Boolean> property : acceptsChildren.entrySet()) {
      if (property.getKey().equals(name)
          || (property.getValue() && property.getKey().isAncestorOf(name))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The known properties.
   *
   * @return their names
   */
  Set<ConfigurationPropertyName> names() {
    return acceptsChildren.keySet();
  }
}

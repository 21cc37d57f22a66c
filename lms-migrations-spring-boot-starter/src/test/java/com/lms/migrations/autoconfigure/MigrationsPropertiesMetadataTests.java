package com.lms.migrations.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.LockSettings;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.validation.ValidationPolicy;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IDE metadata documents every property in Spring Boot's style, with defaults equal to the
 * core's.
 */
class MigrationsPropertiesMetadataTests {

  @Test
  void metadataDefaultsEqualTheCoreDefaults() throws Exception {
    Map<String, JsonNode> properties = properties();
    LockSettings lock = LockSettings.defaults();

    assertThat(properties.get("lms.migrations.collection").get("defaultValue").asString())
        .isEqualTo(MigrationSettings.DEFAULT_COLLECTION);
    assertThat(properties.get("lms.migrations.log-limit").get("defaultValue").asInt())
        .isEqualTo(MigrationSettings.DEFAULT_LOG_LIMIT);
    assertThat(properties.get("lms.migrations.lock.collection").get("defaultValue").asString())
        .isEqualTo(lock.collection());
    assertThat(duration(properties, "lms.migrations.lock.lease-time")).isEqualTo(lock.leaseTime());
    assertThat(duration(properties, "lms.migrations.lock.wait-time")).isEqualTo(lock.waitTime());
    assertThat(duration(properties, "lms.migrations.lock.poll-interval"))
        .isEqualTo(lock.pollInterval());
    assertThat(properties.get("lms.migrations.validate-checksums").get("defaultValue").asString())
        .isEqualTo(ValidationPolicy.strict().checksums().name().toLowerCase(Locale.ROOT));
  }

  @Test
  void everyPropertyHasADescription() throws Exception {
    assertThat(properties().values())
        .allSatisfy(property -> assertThat(property.path("description").asString()).isNotBlank());
  }

  @Test
  void descriptionsFollowSpringBootsStyle() throws Exception {
    assertThat(properties().values())
        .allSatisfy(
            property -> {
              String description = property.path("description").asString();
              String type = property.path("type").asString();
              assertThat(description)
                  .as(name(property))
                  .doesNotContain("{@")
                  .doesNotStartWith("The ");
              if (type.equals("java.lang.Boolean")) {
                assertThat(description).as(name(property)).startsWith("Whether");
              }
              if (type.startsWith("java.util.List")) {
                assertThat(description).as(name(property)).startsWith("Comma-separated list of ");
              }
            });
  }

  @Test
  void healthIndicatorSwitchIsDeclared() throws Exception {
    JsonNode enabled = properties().get("management.health.migrations.enabled");

    assertThat(enabled).as("management.health.migrations.enabled").isNotNull();
    assertThat(enabled.path("type").asString()).isEqualTo("java.lang.Boolean");
    assertThat(enabled.path("defaultValue").asBoolean(false)).isTrue();
    assertThat(enabled.path("description").asString()).startsWith("Whether");
  }

  private static String name(JsonNode property) {
    return property.path("name").asString();
  }

  private static java.time.Duration duration(Map<String, JsonNode> properties, String name) {
    return DurationStyle.detectAndParse(properties.get(name).get("defaultValue").asString());
  }

  private static Map<String, JsonNode> properties() throws Exception {
    try (InputStream json =
        MigrationsPropertiesMetadataTests.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      Map<String, JsonNode> byName = new HashMap<>();
      for (JsonNode property : JsonMapper.builder().build().readTree(json).get("properties")) {
        String name = property.get("name").asString();
        if (name.startsWith("lms.migrations.")
            || name.startsWith("management.health.migrations.")) {
          byName.put(name, property);
        }
      }
      return byName;
    }
  }
}

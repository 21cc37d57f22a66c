package com.lms.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The IDE's completion for {@code lms.migrations.command} offers every command the CLI knows. */
class MigrationCommandMetadataTests {

  @Test
  void commandHintListsEveryCommand() throws Exception {
    List<String> known =
        Arrays.stream(MigrationCommand.values()).map(MigrationCommand::text).toList();

    assertThat(hintValues(MigrationCommandProperties.COMMAND)).containsExactlyElementsOf(known);
  }

  @Test
  void everyCommandHintHasADescription() throws Exception {
    assertThat(hint(MigrationCommandProperties.COMMAND).get("values"))
        .allSatisfy(value -> assertThat(value.path("description").asString()).isNotBlank());
  }

  private static List<String> hintValues(String property) throws Exception {
    List<String> values = new ArrayList<>();
    hint(property).get("values").forEach(value -> values.add(value.get("value").asString()));
    return values;
  }

  private static JsonNode hint(String property) throws Exception {
    try (InputStream json =
        MigrationCommandMetadataTests.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      for (JsonNode hint : JsonMapper.builder().build().readTree(json).get("hints")) {
        if (hint.get("name").asString().equals(property)) {
          return hint;
        }
      }
      throw new AssertionError("No hint for " + property);
    }
  }
}

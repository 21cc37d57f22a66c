package com.lms.migrations.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.lms.migrations.autoconfigure.MigrationsProperties;
import com.lms.migrations.build.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * Every {@code yaml} block of {@code README.md} and {@code docs/*.md} names only properties that
 * configuration metadata declares (the starter's, Spring Boot's), its {@code lms.migrations} part
 * binds to {@link MigrationsProperties}, and the auto-configurations it excludes exist. A property
 * renamed in the code, or misspelt on a page, fails here.
 */
class DocumentedPropertiesTests {

  private static final ConfigurationPropertyName EXCLUDE =
      ConfigurationPropertyName.of("spring.autoconfigure.exclude");

  @Test
  void everyPropertyOfTheGuidesYamlIsDeclaredAndBinds() {
    List<YamlBlock> blocks = yamlBlocks();
    assertThat(blocks).as("yaml blocks").hasSizeGreaterThanOrEqualTo(6);

    List<String> unknown = new ArrayList<>();
    int checked = 0;
    for (YamlBlock block : blocks) {
      for (EnumerablePropertySource<?> source : load(block)) {
        for (String key : source.getPropertyNames()) {
          ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
          checked++;
          if (!known(name)) {
            unknown.add(block.where() + ": " + key);
          }
          if (EXCLUDE.isAncestorOf(name)) {
            assertThat(classExists(String.valueOf(source.getProperty(key))))
                .as(
                    "%s: the excluded auto-configuration %s",
                    block.where(), source.getProperty(key))
                .isTrue();
          }
        }
        assertThatCode(
                () ->
                    new Binder(ConfigurationPropertySources.from(source))
                        .bind("lms.migrations", Bindable.of(MigrationsProperties.class)))
            .as("%s binds to MigrationsProperties", block.where())
            .doesNotThrowAnyException();
      }
    }
    assertThat(unknown).as("properties no configuration metadata declares").isEmpty();
    assertThat(checked).as("properties checked").isGreaterThanOrEqualTo(12);
  }

  @Test
  void aMisspeltPropertyIsCaught() {
    assertThat(known(ConfigurationPropertyName.of("lms.migrations.tenants.fail-fast"))).isTrue();
    assertThat(known(ConfigurationPropertyName.of("lms.migrations.tenants.fail-first"))).isFalse();
    assertThat(known(ConfigurationPropertyName.of("spring.mongodb.uri"))).isTrue();
    assertThat(known(ConfigurationPropertyName.of("spring.mongodb.urii"))).isFalse();
  }

  private record YamlBlock(String where, String text) {}

  private static List<YamlBlock> yamlBlocks() {
    List<YamlBlock> blocks = new ArrayList<>();
    for (Path page : RepositoryFiles.markdownPages()) {
      List<String> lines = RepositoryFiles.lines(page);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).strip().equals("```yaml")) {
          continue;
        }
        StringBuilder text = new StringBuilder();
        int line = i + 1;
        while (!lines.get(line).strip().equals("```")) {
          text.append(lines.get(line++)).append('\n');
        }
        String where = RepositoryFiles.root().relativize(page) + " line " + (i + 1);
        blocks.add(new YamlBlock(where, text.toString()));
      }
    }
    return blocks;
  }

  private static List<EnumerablePropertySource<?>> load(YamlBlock block) {
    try {
      List<PropertySource<?>> sources =
          new YamlPropertySourceLoader()
              .load(
                  block.where(),
                  new ByteArrayResource(block.text().getBytes(StandardCharsets.UTF_8)));
      List<EnumerablePropertySource<?>> enumerable = new ArrayList<>();
      sources.forEach(source -> enumerable.add((EnumerablePropertySource<?>) source));
      return enumerable;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean known(ConfigurationPropertyName name) {
    ConfigurationPropertyName group = name.chop(Math.min(2, name.getNumberOfElements()));
    return KnownProperties.load(DocumentedPropertiesTests.class.getClassLoader(), group)
        .isKnown(name);
  }

  private static boolean classExists(String name) {
    try {
      Class.forName(name, false, DocumentedPropertiesTests.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}

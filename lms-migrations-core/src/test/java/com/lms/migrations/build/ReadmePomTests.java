package com.lms.migrations.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's {@code pom.xml} fragment names the versions this repository builds with: Spring
 * Boot's, the starter's own, and mongo-java-server's (the one the sample app uses).
 */
class ReadmePomTests {

  @Test
  void thePomFragmentNamesTheVersionsTheBuildUses() {
    String fragment = xmlBlock();
    String rootPom = String.join("\n", RepositoryFiles.lines(root().resolve("pom.xml")));

    assertThat(version(fragment, "spring-boot-starter-parent"))
        .as("Spring Boot in the README")
        .isEqualTo(property(rootPom, "spring-boot.version"));
    assertThat(version(fragment, "lms-migrations-spring-boot-starter"))
        .as("the starter in the README")
        .isEqualTo(version(rootPom, "lms-migrations-parent"));
    assertThat(version(fragment, "mongo-java-server"))
        .as("mongo-java-server in the README")
        .isEqualTo(property(rootPom, "mongo-java-server.version"));
    assertThat(String.join("\n", RepositoryFiles.lines(root().resolve("sample-app/pom.xml"))))
        .as("the sample's mongo-java-server comes from the parent's version")
        .contains("<artifactId>mongo-java-server</artifactId>")
        .doesNotContain("<mongo-java-server.version>");
    assertThat(String.join("\n", RepositoryFiles.lines(root().resolve("README.md"))))
        .contains("`mongo-java-server` " + property(rootPom, "mongo-java-server.version") + " is");
  }

  private static Path root() {
    return RepositoryFiles.root();
  }

  private static String xmlBlock() {
    List<String> lines = RepositoryFiles.lines(root().resolve("README.md"));
    int start = lines.indexOf("```xml");
    assertThat(start).as("README.md has an xml block").isNotNegative();
    return String.join(
        "\n", lines.subList(start + 1, lines.subList(start, lines.size()).indexOf("```") + start));
  }

  /** The version right after an artifactId, as a dependency or parent declares it. */
  private static String version(String xml, String artifactId) {
    Matcher matcher =
        Pattern.compile(
                "<artifactId>"
                    + Pattern.quote(artifactId)
                    + "</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(xml);
    assertThat(matcher.find()).as("a version for %s", artifactId).isTrue();
    return matcher.group(1);
  }

  private static String property(String pom, String name) {
    Matcher matcher =
        Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
            .matcher(pom);
    assertThat(matcher.find()).as("the property %s", name).isTrue();
    return matcher.group(1);
  }
}

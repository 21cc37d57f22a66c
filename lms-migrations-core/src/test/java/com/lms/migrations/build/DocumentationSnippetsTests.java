package com.lms.migrations.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every snippet marked {@code <!-- snippet: path/to/File.java -->} or {@code <!-- snippet:
 * path/to/File.java#region -->} in {@code README.md} and {@code docs/*.md} is the text of that
 * source file (less its {@code package} line), or of the lines between {@code // tag::region[]} and
 * {@code // end::region[]} in it. YAML and properties files mark regions with {@code #
 * tag::region[]}, XML files with {@code <!-- tag::region[] -->}. Whitespace and javadoc comments
 * are not compared. The sources are compiled and run by their modules' builds, so a marked snippet
 * is code that works. A marker and its block may be indented, as in a list item.
 */
class DocumentationSnippetsTests {

  private static final Pattern MARKER = Pattern.compile("^<!-- snippet: (\\S+?)(?:#(\\S+))? -->$");

  private static final Pattern UNCHECKED = Pattern.compile("^<!-- snippet: none \\((.+)\\) -->$");

  private static final Map<String, Language> LANGUAGES =
      Map.of(
          "java", new Language("java", "// ", ""),
          "yml", new Language("yaml", "# ", ""),
          "yaml", new Language("yaml", "# ", ""),
          "properties", new Language("properties", "# ", ""),
          "xml", new Language("xml", "<!-- ", " -->"));

  @Test
  void everyMarkedSnippetMatchesItsSource() {
    List<Snippet> snippets = snippets();
    assertThat(snippets).as("marked snippets").hasSizeGreaterThanOrEqualTo(18);

    for (Snippet snippet : snippets) {
      assertThat(normalised(snippet.text()))
          .as("%s, the snippet of %s", snippet.page(), snippet.source())
          .isEqualTo(normalised(source(snippet)));
    }
  }

  @Test
  void everyJavaBlockIsAMarkedSnippet() {
    List<String> unmarked = new ArrayList<>();
    for (Path page : RepositoryFiles.markdownPages()) {
      List<String> lines = RepositoryFiles.lines(page);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).strip().equals("```java")) {
          continue;
        }
        String before = i == 0 ? "" : lines.get(i - 1).strip();
        if (!MARKER.matcher(before).matches() && !UNCHECKED.matcher(before).matches()) {
          unmarked.add(RepositoryFiles.root().relativize(page) + " line " + (i + 1));
        }
      }
    }
    assertThat(unmarked)
        .as(
            "```java blocks without <!-- snippet: path/to/File.java#region --> (or <!-- snippet:"
                + " none (reason) -->) on the line before")
        .isEmpty();
  }

  @Test
  void theFirstServiceShowsAMigrationATestAndTheInMemoryServerFromCheckedSources() {
    assertThat(snippets().stream().filter(s -> s.page().equals("README.md")).map(Snippet::source))
        .contains(
            "sample-app/src/main/java/com/lms/sample/migrations/AddCourseTags.java",
            "sample-app/src/test/java/com/lms/sample/migrations/AddCourseTagsMigrationTests.java",
            "sample-app/src/test/java/com/lms/sample/local/InMemoryMongo.java#in-memory-mongo");
  }

  @Test
  void regionsAreFoundByTheCommentsOfTheSourcesLanguage() {
    List<String> yaml = List.of("a: 1", "  # tag::b[]", "  b: 2", "  # end::b[]");
    List<String> xml = List.of("<a>", "  <!-- tag::b[] -->", "  <b/>", "  <!-- end::b[] -->");

    assertThat(region(yaml, "app.yml", "b")).isEqualTo("  b: 2");
    assertThat(region(xml, "pom.xml", "b")).isEqualTo("  <b/>");
  }

  private record Language(String fence, String open, String close) {

    String delimiter(String kind, String region) {
      return open + kind + "::" + region + "[]" + close;
    }
  }

  private record Snippet(String page, String source, String file, String region, String text) {}

  private static List<Snippet> snippets() {
    Path root = RepositoryFiles.root();
    List<Snippet> snippets = new ArrayList<>();
    for (Path page : RepositoryFiles.markdownPages()) {
      List<String> lines = RepositoryFiles.lines(page);
      for (int i = 0; i < lines.size(); i++) {
        Matcher marker = MARKER.matcher(lines.get(i).strip());
        if (!marker.matches() || UNCHECKED.matcher(lines.get(i).strip()).matches()) {
          continue;
        }
        String name = root.relativize(page).toString();
        assertThat(lines.get(i + 1).strip())
            .as("%s line %d: the block after a marker", name, i + 2)
            .isEqualTo("```" + language(marker.group(1)).fence());
        StringBuilder text = new StringBuilder();
        int line = i + 2;
        while (!lines.get(line).strip().equals("```")) {
          text.append(lines.get(line++)).append('\n');
        }
        String source = marker.group(1) + (marker.group(2) == null ? "" : "#" + marker.group(2));
        snippets.add(new Snippet(name, source, marker.group(1), marker.group(2), text.toString()));
      }
    }
    return snippets;
  }

  private static Language language(String file) {
    Language language = LANGUAGES.get(file.substring(file.lastIndexOf('.') + 1));
    assertThat(language).as("a language for the snippet source %s", file).isNotNull();
    return language;
  }

  private static String source(Snippet snippet) {
    Path file = RepositoryFiles.root().resolve(snippet.file());
    assertThat(file).as("the source of a snippet in %s", snippet.page()).exists();
    List<String> lines = RepositoryFiles.lines(file);
    if (snippet.region() == null) {
      return String.join("\n", lines.stream().filter(l -> !l.startsWith("package ")).toList());
    }
    return region(lines, snippet.file(), snippet.region());
  }

  private static String region(List<String> lines, String file, String region) {
    Language language = language(file);
    List<String> stripped = lines.stream().map(String::strip).toList();
    int start = stripped.indexOf(language.delimiter("tag", region));
    int end = stripped.indexOf(language.delimiter("end", region));
    assertThat(start).as("%s has %s", file, language.delimiter("tag", region)).isNotNegative();
    assertThat(end).as("%s has %s", file, language.delimiter("end", region)).isGreaterThan(start);
    return String.join("\n", lines.subList(start + 1, end));
  }

  private static String normalised(String code) {
    return code.replaceAll("(?s)/\\*\\*.*?\\*/", " ").replaceAll("\\s+", " ").trim();
  }
}

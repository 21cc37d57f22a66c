package com.lms.migrations.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet marked {@code <!-- snippet: path/to/File.java -->} or {@code <!-- snippet:
 * path/to/File.java#region -->} in {@code README.md} and {@code docs/*.md} is the text of that
 * source file (less its {@code package} line), or of the lines between {@code // tag::region[]} and
 * {@code // end::region[]} in it. Whitespace and javadoc comments are not compared. The sources are
 * compiled and run by their modules' builds, so a marked snippet is code that works.
 */
class DocumentationSnippetsTests {

  private static final Pattern MARKER = Pattern.compile("^<!-- snippet: (\\S+?)(?:#(\\S+))? -->$");

  @Test
  void everyMarkedSnippetMatchesItsSource() {
    List<Snippet> snippets = snippets();
    assertThat(snippets).as("marked snippets").hasSizeGreaterThanOrEqualTo(3);

    for (Snippet snippet : snippets) {
      assertThat(normalised(snippet.text()))
          .as("%s, the snippet of %s", snippet.page(), snippet.source())
          .isEqualTo(normalised(source(snippet)));
    }
  }

  @Test
  void theFirstServiceShowsAMigrationATestAndTheInMemoryServerFromCheckedSources() {
    assertThat(snippets().stream().filter(s -> s.page().equals("README.md")).map(Snippet::source))
        .contains(
            "sample-app/src/main/java/com/lms/sample/migrations/AddCourseTags.java",
            "sample-app/src/test/java/com/lms/sample/migrations/AddCourseTagsMigrationTests.java",
            "sample-app/src/test/java/com/lms/sample/local/InMemoryMongo.java#in-memory-mongo");
  }

  private record Snippet(String page, String source, String file, String region, String text) {}

  private static List<Snippet> snippets() {
    Path root = RepositoryFiles.root();
    List<Snippet> snippets = new ArrayList<>();
    for (Path page : RepositoryFiles.markdownPages()) {
      List<String> lines = RepositoryFiles.lines(page);
      for (int i = 0; i < lines.size(); i++) {
        Matcher marker = MARKER.matcher(lines.get(i));
        if (!marker.matches()) {
          continue;
        }
        String name = root.relativize(page).toString();
        assertThat(lines.get(i + 1))
            .as("%s line %d: the block after a marker", name, i + 2)
            .isEqualTo("```java");
        StringBuilder text = new StringBuilder();
        int line = i + 2;
        while (!lines.get(line).equals("```")) {
          text.append(lines.get(line++)).append('\n');
        }
        String source = marker.group(1) + (marker.group(2) == null ? "" : "#" + marker.group(2));
        snippets.add(new Snippet(name, source, marker.group(1), marker.group(2), text.toString()));
      }
    }
    return snippets;
  }

  private static String source(Snippet snippet) {
    Path file = RepositoryFiles.root().resolve(snippet.file());
    assertThat(file).as("the source of a snippet in %s", snippet.page()).exists();
    List<String> lines = RepositoryFiles.lines(file);
    if (snippet.region() == null) {
      return String.join("\n", lines.stream().filter(l -> !l.startsWith("package ")).toList());
    }
    int start = lines.indexOf("// tag::" + snippet.region() + "[]");
    int end = lines.indexOf("// end::" + snippet.region() + "[]");
    assertThat(start).as("%s has // tag::%s[]", snippet.file(), snippet.region()).isNotNegative();
    assertThat(end)
        .as("%s has // end::%s[]", snippet.file(), snippet.region())
        .isGreaterThan(start);
    return String.join("\n", lines.subList(start + 1, end));
  }

  private static String normalised(String code) {
    return code.replaceAll("(?s)/\\*\\*.*?\\*/", " ").replaceAll("\\s+", " ").trim();
  }
}

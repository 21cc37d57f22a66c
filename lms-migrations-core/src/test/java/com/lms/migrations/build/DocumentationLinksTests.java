package com.lms.migrations.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in {@code README.md} and {@code docs/*.md} leads somewhere: the file exists,
 * and an anchor {@code #x} is the GitHub slug of a heading in the target page.
 */
class DocumentationLinksTests {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  @Test
  void everyRelativeLinkAndAnchorResolves() {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : RepositoryFiles.markdownPages()) {
      for (String target : links(page)) {
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        checked++;
        String problem = problem(page, target);
        if (problem != null) {
          broken.add(
              RepositoryFiles.root().relativize(page) + ": " + target + " (" + problem + ")");
        }
      }
    }
    assertThat(broken).as("broken links").isEmpty();
    assertThat(checked).as("relative links checked").isGreaterThan(50);
  }

  @Test
  void slugsFollowGitHubsRules() {
    assertThat(
            anchors(
                List.of("## One read model: `MigrationsInfo`", "# Reactive (WebFlux) services")))
        .containsExactly("one-read-model-migrationsinfo", "reactive-webflux-services");
    assertThat(
            anchors(List.of("## Server-side chunks: `update`, `delete`", "## Tests", "### Tests")))
        .containsExactly("server-side-chunks-update-delete", "tests", "tests-1");
    assertThat(anchors(List.of("```bash", "# a comment in code", "```", "## After")))
        .containsExactly("after");
  }

  private static String problem(Path page, String target) {
    int hash = target.indexOf('#');
    String path = hash < 0 ? target : target.substring(0, hash);
    Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
    if (!Files.exists(file)) {
      return "no such file";
    }
    if (hash < 0) {
      return null;
    }
    if (!file.toString().endsWith(".md")) {
      return "an anchor into a file that is not Markdown";
    }
    String anchor = target.substring(hash + 1);
    return anchors(RepositoryFiles.lines(file)).contains(anchor)
        ? null
        : "no heading with that slug";
  }

  private static List<String> links(Path page) {
    List<String> links = new ArrayList<>();
    boolean inCode = false;
    for (String line : RepositoryFiles.lines(page)) {
      if (line.startsWith("```")) {
        inCode = !inCode;
      }
      if (inCode) {
        continue;
      }
      Matcher link = LINK.matcher(line);
      while (link.find()) {
        links.add(link.group(1));
      }
    }
    return links;
  }

  /**
   * The anchors GitHub gives a page's headings, in order: duplicates get {@code -1}, {@code -2}.
   */
  static Set<String> anchors(List<String> lines) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean inCode = false;
    for (String line : lines) {
      if (line.startsWith("```")) {
        inCode = !inCode;
        continue;
      }
      Matcher heading = Pattern.compile("^#{1,6} (.*)$").matcher(line);
      if (inCode || !heading.matches()) {
        continue;
      }
      String slug = slug(heading.group(1));
      int count = seen.merge(slug, 1, Integer::sum) - 1;
      anchors.add(count == 0 ? slug : slug + "-" + count);
    }
    return anchors;
  }

  private static String slug(String heading) {
    return heading
        .trim()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}\\- _]", "")
        .replace(' ', '-');
  }
}

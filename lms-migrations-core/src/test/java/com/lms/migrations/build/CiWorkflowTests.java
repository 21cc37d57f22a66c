package com.lms.migrations.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.testing.TestMongo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The GitHub Actions workflow cannot run here, so its shape is checked against what it must do: run
 * {@code .ci/run} (both Spring Boot lines) on a real {@code mongod} for every combination the guide
 * promises, through the switches {@link TestMongo} reads.
 */
class CiWorkflowTests {

  private static Path root;
  private static Map<String, Object> workflow;

  @BeforeAll
  static void readWorkflow() throws IOException {
    root = RepositoryFiles.root();
    workflow = new Yaml().load(Files.readString(root.resolve(".github/workflows/ci.yml")));
  }

  @Test
  void runsOnPushesToMainAndOnPullRequests() {
    // YAML 1.1, which SnakeYAML reads, takes a bare "on" for the boolean true.
    Map<String, Object> triggers = map(workflow.get(Boolean.TRUE));

    assertThat(triggers).containsOnlyKeys("push", "pull_request");
    assertThat(map(triggers.get("push"))).containsEntry("branches", List.of("main"));
  }

  @Test
  void coversEveryMongoDbVersionAndTopologyOnJava17AndTheNewestReplicaSetOnJava21() {
    Map<String, Object> strategy = map(testJob().get("strategy"));

    assertThat(expand(map(strategy.get("matrix"))))
        .containsExactlyInAnyOrder(
            combination("17", "7.0", TestMongo.STANDALONE),
            combination("17", "7.0", TestMongo.REPLICA_SET),
            combination("17", "8.0", TestMongo.STANDALONE),
            combination("17", "8.0", TestMongo.REPLICA_SET),
            combination("21", "8.0", TestMongo.REPLICA_SET));
    assertThat(strategy).containsEntry("fail-fast", false);
  }

  @Test
  void runsOnARunnerWithDocker() {
    assertThat(testJob()).containsEntry("runs-on", "ubuntu-latest");
  }

  @Test
  void setsUpTheMatrixJavaWithAMavenCache() {
    Map<String, Object> setupJava = step("actions/setup-java@");

    assertThat(map(setupJava.get("with")))
        .containsEntry("distribution", "temurin")
        .containsEntry("java-version", "${{ matrix.java }}")
        .containsEntry("cache", "maven");
  }

  @Test
  void runsCiRunWithTheWholeSuiteOnTheMongodTheMatrixNames() {
    Map<String, Object> run =
        steps().stream().filter(step -> step.containsKey("run")).collect(single());

    assertThat(run.get("run"))
        .isEqualTo(
            "bash .ci/run -D"
                + TestMongo.SERVER_PROPERTY
                + "=testcontainers -D"
                + TestMongo.TOPOLOGY_PROPERTY
                + "=${{ matrix.topology }} -D"
                + TestMongo.IMAGE_PROPERTY
                + "=mongo:${{ matrix.mongodb }}");
  }

  @Test
  void ciRunBuildsBothSpringBootLinesWithTheTestCountsVisible() throws IOException {
    List<String> mavenRuns =
        Files.readAllLines(root.resolve(".ci/run")).stream()
            .filter(line -> line.startsWith("./mvnw"))
            .toList();

    assertThat(mavenRuns)
        .containsExactly("./mvnw -B verify \"$@\"", "./mvnw -B -Pboot-4.1 verify \"$@\"");
    assertThat(Files.readString(root.resolve("pom.xml"))).contains("<id>boot-4.1</id>");
  }

  @Test
  void theGuideNamesTheVersionsCiTests() throws IOException {
    String supported = guideSection("docs/upgrading.md", "## Supported versions");
    Map<String, Object> matrix = map(map(testJob().get("strategy")).get("matrix"));

    for (Map<String, String> combination : expand(matrix)) {
      assertThat(supported).contains("Java " + combination.get("java"));
      assertThat(supported).contains("MongoDB " + combination.get("mongodb"));
    }
    assertThat(supported).contains("Spring Boot 4.0", "Spring Boot 4.1");
    assertThat(guideSection("docs/building.md", "## Tests"))
        .contains("`.ci/run`", ".github/workflows/ci.yml");
  }

  @Test
  void anIncludeThatChangesAValueIsAJobOfItsOwnAndOneThatAddsAKeyJoinsTheJobsItFits() {
    Map<String, Object> matrix =
        Map.of(
            "java", List.of(17),
            "os", List.of("linux", "mac"),
            "include",
                List.of(Map.of("java", 21, "os", "linux"), Map.of("os", "mac", "arch", "arm")));

    assertThat(expand(matrix))
        .containsExactlyInAnyOrder(
            Map.of("java", "17", "os", "linux"),
            Map.of("java", "17", "os", "mac", "arch", "arm"),
            Map.of("java", "21", "os", "linux"));
  }

  private static Map<String, Object> testJob() {
    return map(map(workflow.get("jobs")).get("test"));
  }

  private static List<Map<String, Object>> steps() {
    List<Map<String, Object>> steps = new ArrayList<>();
    for (Object step : (List<?>) testJob().get("steps")) {
      steps.add(map(step));
    }
    return steps;
  }

  private static Map<String, Object> step(String usesPrefix) {
    return steps().stream()
        .filter(step -> String.valueOf(step.get("uses")).startsWith(usesPrefix))
        .collect(single());
  }

  private static <T> Collector<T, ?, T> single() {
    return Collectors.collectingAndThen(
        Collectors.toList(),
        list -> {
          assertThat(list).hasSize(1);
          return list.get(0);
        });
  }

  /**
   * The jobs a matrix starts, by GitHub's rules: the cross product of its lists, less what {@code
   * exclude} names; then each {@code include} entry joins every combination it changes no value of,
   * or else is a combination of its own.
   */
  static List<Map<String, String>> expand(Map<String, Object> matrix) {
    List<Map<String, String>> combinations = new ArrayList<>();
    combinations.add(new LinkedHashMap<>());
    for (Map.Entry<String, Object> dimension : matrix.entrySet()) {
      if (dimension.getKey().equals("include") || dimension.getKey().equals("exclude")) {
        continue;
      }
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> combination : combinations) {
        for (Object value : (List<?>) dimension.getValue()) {
          Map<String, String> extended = new LinkedHashMap<>(combination);
          extended.put(dimension.getKey(), String.valueOf(value));
          next.add(extended);
        }
      }
      combinations = next;
    }
    for (Object exclude : list(matrix.get("exclude"))) {
      Map<String, String> excluded = strings(exclude);
      combinations.removeIf(combination -> combination.entrySet().containsAll(excluded.entrySet()));
    }
    List<Map<String, String>> original = List.copyOf(combinations);
    for (Object include : list(matrix.get("include"))) {
      Map<String, String> included = strings(include);
      boolean joined = false;
      for (Map<String, String> combination : original) {
        boolean changesNothing =
            included.entrySet().stream()
                .allMatch(
                    entry ->
                        !combination.containsKey(entry.getKey())
                            || combination.get(entry.getKey()).equals(entry.getValue()));
        if (changesNothing) {
          combination.putAll(included);
          joined = true;
        }
      }
      if (!joined) {
        combinations.add(included);
      }
    }
    return combinations;
  }

  private static Map<String, String> combination(String java, String mongodb, String topology) {
    return Map.of("java", java, "mongodb", mongodb, "topology", topology);
  }

  /**
   * A section of a guide page, from its heading to the next heading of the same or a higher level.
   */
  private static String guideSection(String page, String heading) throws IOException {
    int level = heading.indexOf(' ');
    StringBuilder section = null;
    boolean inCode = false;
    for (String line : Files.readAllLines(root.resolve(page))) {
      if (line.startsWith("```")) {
        inCode = !inCode;
      }
      if (section == null) {
        if (!inCode && line.equals(heading)) {
          section = new StringBuilder();
        }
        continue;
      }
      int lineLevel = inCode ? 0 : headingLevel(line);
      if (lineLevel > 0 && lineLevel <= level) {
        break;
      }
      section.append(line).append('\n');
    }
    assertThat(section).as("%s has a section '%s'", page, heading).isNotNull();
    return section.toString();
  }

  private static int headingLevel(String line) {
    int hashes = 0;
    while (hashes < line.length() && line.charAt(hashes) == '#') {
      hashes++;
    }
    return hashes > 0 && line.startsWith(" ", hashes) ? hashes : 0;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static List<?> list(Object value) {
    return value == null ? List.of() : (List<?>) value;
  }

  private static Map<String, String> strings(Object value) {
    Map<String, String> strings = new LinkedHashMap<>();
    map(value).forEach((key, v) -> strings.put(key, String.valueOf(v)));
    return strings;
  }
}

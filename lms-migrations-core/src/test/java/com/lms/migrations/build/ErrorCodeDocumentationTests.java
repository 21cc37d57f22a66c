package com.lms.migrations.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.ErrorCode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guide's table of error codes lists every code, so a new one cannot go undocumented. */
class ErrorCodeDocumentationTests {

  @Test
  void theOperatingGuideDescribesEveryErrorCode() {
    List<String> rows =
        RepositoryFiles.lines(RepositoryFiles.root().resolve("docs/operating.md")).stream()
            .filter(line -> line.startsWith("| `"))
            .toList();

    assertThat(Arrays.stream(ErrorCode.values()).map(code -> "| `" + code.name() + "` |"))
        .allSatisfy(row -> assertThat(rows).anySatisfy(line -> assertThat(line).startsWith(row)));
  }
}

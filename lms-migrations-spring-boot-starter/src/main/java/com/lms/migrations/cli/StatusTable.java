package com.lms.migrations.cli;

import com.lms.migrations.MigrationStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders migration statuses as a plain-text table. */
final class StatusTable {

  private static final String[] HEADERS = {
    "VERSION", "NAME", "STATUS", "EXECUTED AT", "TIME", "ERROR"
  };

  private StatusTable() {}

  static String render(List<MigrationStatus> statuses) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (MigrationStatus status : statuses) {
      rows.add(
          new String[] {
            String.valueOf(status.version()),
            status.name(),
            status.status().name().toLowerCase(Locale.ROOT),
            status.executedAt() == null ? "-" : status.executedAt().toString(),
            status.executionTime() == null ? "-" : status.executionTime() + " ms",
            status.error() == null ? "" : status.error()
          });
    }
    int[] widths = new int[HEADERS.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder table = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell =
            i == 0 || i == 4 ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false);
        line.append(cell).append(i < row.length - 1 ? "  " : "");
      }
      table.append(line.toString().stripTrailing()).append('\n');
    }
    return table.toString();
  }

  private static String pad(String value, int width, boolean right) {
    String spaces = " ".repeat(width - value.length());
    return right ? spaces + value : value + spaces;
  }
}

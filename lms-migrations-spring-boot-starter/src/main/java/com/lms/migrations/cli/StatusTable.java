package com.lms.migrations.cli;

import com.lms.migrations.LockHolder;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.background.BackgroundProgress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders migration statuses as a plain-text table. When any of them is a background migration, a
 * {@code BACKGROUND} column after {@code STATUS} shows its state and progress ({@link
 * BackgroundProgressText}); it stays empty for regular migrations. With tenants, {@link
 * #renderTenants} sums up each tenant in one row.
 */
final class StatusTable {

  private static final String[] HEADERS = {
    "VERSION", "NAME", "STATUS", "EXECUTED AT", "TIME", "ERROR"
  };

  private static final String[] HEADERS_WITH_BACKGROUND = {
    "VERSION", "NAME", "STATUS", "BACKGROUND", "EXECUTED AT", "TIME", "ERROR"
  };

  private static final String[] TENANT_HEADERS = {"TENANT", "VERSION", "PENDING", "FAILED", "LOCK"};

  private StatusTable() {}

  static String render(List<MigrationStatus> statuses) {
    return render(statuses, List.of());
  }

  static String render(List<MigrationStatus> statuses, List<BackgroundProgress> background) {
    return render(statuses, background, Set.of());
  }

  /**
   * The table, with {@code (changed)} after the status of each applied migration whose code changed
   * since it was applied.
   *
   * @param statuses the statuses, one row each
   * @param background the progress of the background migrations among them
   * @param changed the names of the migrations whose code changed
   * @return the table
   */
  static String render(
      List<MigrationStatus> statuses, List<BackgroundProgress> background, Set<String> changed) {
    Map<String, BackgroundProgress> progress = new HashMap<>();
    background.forEach(entry -> progress.put(entry.name(), entry));
    boolean withBackground =
        statuses.stream().anyMatch(status -> progress.containsKey(status.name()));
    String[] headers = withBackground ? HEADERS_WITH_BACKGROUND : HEADERS;
    List<String[]> rows = new ArrayList<>();
    rows.add(headers);
    for (MigrationStatus status : statuses) {
      List<String> row = new ArrayList<>();
      row.add(String.valueOf(status.version()));
      row.add(status.name());
      row.add(
          status.status().name().toLowerCase(Locale.ROOT)
              + (changed.contains(status.name()) ? " (changed)" : ""));
      if (withBackground) {
        BackgroundProgress entry = progress.get(status.name());
        row.add(entry == null ? "" : BackgroundProgressText.of(entry));
      }
      row.add(status.executedAt() == null ? "-" : status.executedAt().toString());
      row.add(status.executionTime() == null ? "-" : status.executionTime() + " ms");
      row.add(status.error() == null ? "" : status.error());
      rows.add(row.toArray(String[]::new));
    }
    int time = headers.length - 2;
    boolean[] right = new boolean[headers.length];
    right[0] = true;
    right[time] = true;
    return layout(rows, right);
  }

  /**
   * Where each tenant stands, one row per tenant: its current version, how many migrations are not
   * applied to it, the names of its failed migrations, and who holds its lock.
   *
   * @param tenants each tenant's database and state, in listing order
   * @return the table, one line per tenant after the header
   */
  static String renderTenants(Map<String, MigrationsInfo> tenants) {
    List<String[]> rows = new ArrayList<>();
    rows.add(TENANT_HEADERS);
    tenants.forEach(
        (tenant, info) ->
            rows.add(
                new String[] {
                  tenant,
                  String.valueOf(info.currentVersion()),
                  String.valueOf(info.pending().size()),
                  String.join(", ", info.failed().stream().map(MigrationStatus::name).toList()),
                  info.lock().map(StatusTable::lock).orElse("")
                }));
    return layout(rows, new boolean[] {false, true, true, false, false});
  }

  private static String lock(LockHolder holder) {
    return "host " + holder.host() + ", pid " + holder.pid() + ", since " + holder.since();
  }

  /** Columns two spaces apart, each as wide as its widest cell; no trailing spaces. */
  private static String layout(List<String[]> rows, boolean[] right) {
    int[] widths = new int[right.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder table = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(pad(row[i], widths[i], right[i])).append(i < row.length - 1 ? "  " : "");
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

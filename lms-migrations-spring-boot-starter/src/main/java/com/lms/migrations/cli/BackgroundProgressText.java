package com.lms.migrations.cli;

import com.lms.migrations.DurationText;
import com.lms.migrations.background.BackgroundProgress;
import com.lms.migrations.background.BackgroundState;
import java.util.Locale;

/**
 * A background migration's progress in a few words, for the status table: {@code running 41%
 * (82,000/200,000) 5,100/s ~23s}, {@code paused 30% (1,500/5,000) max 250/s}, {@code queued}.
 */
final class BackgroundProgressText {

  private BackgroundProgressText() {}

  static String of(BackgroundProgress progress) {
    StringBuilder text = new StringBuilder(progress.state().name().toLowerCase(Locale.ROOT));
    progress
        .percent()
        .ifPresent(percent -> text.append(String.format(Locale.ROOT, " %.0f%%", percent)));
    if (progress.total() != null) {
      text.append(String.format(Locale.ROOT, " (%,d/%,d)", progress.processed(), progress.total()));
    } else if (progress.processed() > 0) {
      text.append(String.format(Locale.ROOT, " (%,d/?)", progress.processed()));
    }
    if (progress.state() == BackgroundState.RUNNING && progress.documentsPerSecond() > 0) {
      text.append(String.format(Locale.ROOT, " %,.0f/s", progress.documentsPerSecond()));
    }
    progress.eta().ifPresent(eta -> text.append(" ~").append(DurationText.of(eta)));
    if (progress.maxPerSecond() > 0 && progress.state() != BackgroundState.COMPLETED) {
      text.append(String.format(Locale.ROOT, " max %,d/s", progress.maxPerSecond()));
    }
    return text.toString();
  }
}

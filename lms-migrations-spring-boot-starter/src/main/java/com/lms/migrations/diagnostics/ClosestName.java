package com.lms.migrations.diagnostics;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Picks, among valid names, the one closest to a mistyped name (fewest edits). Public for the
 * command line's "did you mean", which already builds on this package.
 */
public final class ClosestName {

  private ClosestName() {}

  /**
   * The candidate closest to {@code name}; among equally close ones, the first in order.
   *
   * @param name the mistyped name
   * @param candidates the valid names
   * @return the closest, or empty when there is no candidate
   */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    return candidates.stream().min(Comparator.comparingInt(candidate -> distance(name, candidate)));
  }

  /**
   * The Levenshtein distance: the fewest insertions, deletions and substitutions from a to b.
   *
   * @param a one name
   * @param b the other
   * @return the number of edits
   */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}

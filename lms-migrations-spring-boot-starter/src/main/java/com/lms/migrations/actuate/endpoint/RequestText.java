package com.lms.migrations.actuate.endpoint;

/**
 * Text from an HTTP request (a principal's name, a tenant, a migration's name) on its way to a log
 * line or the history: a line break or another control character in it could forge a log line, so
 * it is written out instead.
 */
final class RequestText {

  private RequestText() {}

  /**
   * The text on one line: {@code \n}, {@code \r} and {@code \t} written as those two characters,
   * every other control character (and the Unicode line and paragraph separators) as {@code
   * \}{@code uXXXX}.
   *
   * @param text the text
   * @return the text, unchanged when it has no control character
   */
  static String escape(String text) {
    if (!hasControlCharacter(text)) {
      return text;
    }
    StringBuilder escaped = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        case '\t' -> escaped.append("\\t");
        default -> {
          if (isControl(c)) {
            escaped.append(String.format("\\u%04x", (int) c));
          } else {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }

  /**
   * Whether the text has a control character or a Unicode line or paragraph separator.
   *
   * @param text the text
   * @return {@code true} when {@link #escape} would change it
   */
  static boolean hasControlCharacter(String text) {
    return text.chars().anyMatch(c -> isControl((char) c));
  }

  private static boolean isControl(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}

package com.lms.migrations.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text from a request stays on one line, and is unchanged when it already is. */
class RequestTextTests {

  @Test
  void writesOutLineBreaksTabsAndOtherControlCharacters() {
    assertThat(RequestText.escape("a\r\nb\tc\u0000d\u007fe\u0085f\u2028g\u2029h"))
        .isEqualTo("a\\r\\nb\\tc\\u0000d\\u007fe\\u0085f\\u2028g\\u2029h");
  }

  @Test
  void leavesOrdinaryTextAsItIs() {
    assertThat(RequestText.escape("DOMAIN\\alice é 学校")).isEqualTo("DOMAIN\\alice é 学校");
    assertThat(RequestText.hasControlCharacter("school_a")).isFalse();
    assertThat(RequestText.hasControlCharacter("school_a\n")).isTrue();
  }
}

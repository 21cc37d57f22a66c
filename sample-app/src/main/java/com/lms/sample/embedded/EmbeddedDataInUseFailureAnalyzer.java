package com.lms.sample.embedded;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports embedded data files held by another process as one sentence, without a stack trace. */
class EmbeddedDataInUseFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedDataInUseException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedDataInUseException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Stop the running sample app first, then run this again. To run next to it, point this"
            + " run at a real MongoDB with --spring.mongodb.uri, or at other data files with"
            + " --lms.sample.data-dir.",
        cause);
  }
}

package com.lms.sample.embedded;

import java.nio.file.Path;

/** The embedded MongoDB's data files are held by another process, usually the running app. */
class EmbeddedDataInUseException extends RuntimeException {

  private final Path dataDir;

  EmbeddedDataInUseException(Path dataDir, Throwable cause) {
    super(
        "The embedded MongoDB data files in "
            + dataDir
            + " are in use by another process (is the sample app running? stop it first)",
        cause);
    this.dataDir = dataDir;
  }

  Path getDataDir() {
    return dataDir;
  }
}

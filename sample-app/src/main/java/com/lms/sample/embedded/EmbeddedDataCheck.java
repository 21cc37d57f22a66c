package com.lms.sample.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Before the application context starts, checks that no other process holds the embedded MongoDB's
 * data file, so that a second start (or a command run while the app is up) fails with one clear
 * sentence instead of a chain of bean creation errors. Only when the embedded server will be used
 * ({@code spring.mongodb.uri} and {@code spring.mongodb.host} unset).
 */
class EmbeddedDataCheck implements EnvironmentPostProcessor {

  static final String DATA_FILE = "lms.mv";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (!EmbeddedMongo.isUsed(environment)) {
      return;
    }
    Path dataDir = Path.of(environment.getProperty("lms.sample.data-dir", "./data"));
    requireNotInUse(dataDir);
  }

  /**
   * Fails when another process holds the data file. The embedded store (H2) holds an exclusive lock
   * on it while open.
   */
  static void requireNotInUse(Path dataDir) {
    Path file = dataDir.resolve(DATA_FILE);
    if (!Files.exists(file)) {
      return;
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new EmbeddedDataInUseException(dataDir, null);
      }
      lock.release();
    } catch (OverlappingFileLockException e) {
      throw new EmbeddedDataInUseException(dataDir, e);
    } catch (IOException e) {
      // Unreadable here: the embedded store reports it when it opens the file.
    }
  }
}

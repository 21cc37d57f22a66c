package com.lms.migrations.startup;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.deploy.InstancePresence;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps this instance's record while the application runs, so that every instance and the deploy
 * check know which builds are running: written when the context starts, renewed at an interval,
 * removed when it stops (and lapsing on its own if the process dies).
 */
public class InstancePresenceLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(InstancePresenceLifecycle.class);

  private final MigrationRunner runner;
  private final @Nullable String application;
  private final @Nullable String buildVersion;
  private final Duration renewInterval;
  private volatile @Nullable InstancePresence presence;

  /**
   * Creates the lifecycle.
   *
   * @param runner the runner whose database keeps the records
   * @param application the application's name, or {@code null}
   * @param buildVersion the build's version, or {@code null} when unknown
   * @param renewInterval how often to renew the record
   */
  public InstancePresenceLifecycle(
      MigrationRunner runner,
      @Nullable String application,
      @Nullable String buildVersion,
      Duration renewInterval) {
    this.runner = runner;
    this.application = application;
    this.buildVersion = buildVersion;
    this.renewInterval = renewInterval;
  }

  @Override
  public void start() {
    try {
      presence = runner.instances().announce(application, buildVersion, renewInterval);
    } catch (RuntimeException e) {
      // The application runs without it; contract migrations then cannot count on this instance.
      log.warn("Could not record this instance among the running ones: {}", e.toString());
    }
  }

  @Override
  public void stop() {
    InstancePresence current = presence;
    presence = null;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public boolean isRunning() {
    return presence != null;
  }
}

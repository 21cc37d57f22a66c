package com.lms.migrations.deploy;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The instances of the application that are running against this database, as they announce
 * themselves: each keeps a small record, renewed at an interval and lapsing on its own when the
 * instance dies. Implemented by the engine; get it from {@link
 * com.lms.migrations.MigrationRunner#instances()}.
 */
public interface Instances {

  /**
   * The instances whose records have not lapsed, on the server's clock.
   *
   * @return them, oldest first
   */
  List<RunningInstance> live();

  /**
   * Announces this instance: writes its record now and renews it every {@code interval} (one write
   * each time) until the returned presence is closed, which removes the record. The record lapses
   * three intervals after its last renewal, so an instance that dies disappears within that time (a
   * TTL index removes it for good on a real server; where the server has no TTL monitor, every
   * thirtieth renewal of each instance also sweeps lapsed records).
   *
   * @param application the application's name, or {@code null}
   * @param buildVersion the build's version, or {@code null} when unknown
   * @param interval how often to renew the record
   * @return the presence, to close on shutdown
   */
  InstancePresence announce(
      @Nullable String application, @Nullable String buildVersion, Duration interval);
}

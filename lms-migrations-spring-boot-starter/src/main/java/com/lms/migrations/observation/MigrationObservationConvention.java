package com.lms.migrations.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of one migration run. Define a bean of this type to change them;
 * {@link DefaultMigrationObservationConvention} is the default.
 */
public interface MigrationObservationConvention
    extends ObservationConvention<MigrationObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof MigrationObservationContext;
  }
}

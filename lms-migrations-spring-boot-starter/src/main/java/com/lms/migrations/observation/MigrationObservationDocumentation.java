package com.lms.migrations.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/** The observations lms-migrations makes, with their names and keys. */
public enum MigrationObservationDocumentation implements ObservationDocumentation {

  /**
   * One run of one migration in one direction. Named {@code lms.migrations.execution} by the
   * default convention, so that its timer is the one lms-migrations has always published.
   */
  MIGRATION {
    @Override
    public Class<? extends ObservationConvention<? extends Observation.Context>>
        getDefaultConvention() {
      return DefaultMigrationObservationConvention.class;
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return MigrationKeyNames.values();
    }

    @Override
    public KeyName[] getHighCardinalityKeyNames() {
      return MigrationHighCardinalityKeyNames.values();
    }
  },

  /** The whole startup run: the parent of the migrations it ran. */
  STARTUP {
    @Override
    public String getName() {
      return STARTUP_NAME;
    }

    @Override
    public String getContextualName() {
      return "lms-migrations startup";
    }

    @Override
    public KeyName[] getLowCardinalityKeyNames() {
      return new KeyName[] {MigrationKeyNames.OUTCOME};
    }
  };

  /** Name of the startup observation (and of its timer). */
  public static final String STARTUP_NAME = "lms.migrations.startup";

  /** Low-cardinality keys: tags of spans and of the timer. */
  public enum MigrationKeyNames implements KeyName {

    /** The migration's name. */
    MIGRATION {
      @Override
      public String asString() {
        return "migration";
      }
    },

    /** {@code up} or {@code down}. */
    DIRECTION {
      @Override
      public String asString() {
        return "direction";
      }
    },

    /** {@code success} or {@code failure}. */
    OUTCOME {
      @Override
      public String asString() {
        return "outcome";
      }
    },

    /** The tenant's database, only with tenants. */
    TENANT {
      @Override
      public String asString() {
        return "tenant";
      }

      @Override
      public boolean isRequired() {
        return false;
      }
    }
  }

  /** High-cardinality keys: tags of spans only. */
  public enum MigrationHighCardinalityKeyNames implements KeyName {

    /** The migration's version. */
    VERSION {
      @Override
      public String asString() {
        return "version";
      }
    }
  }
}

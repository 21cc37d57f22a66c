package com.lms.migrations.observation;

import com.lms.migrations.MigrationExecution;
import com.lms.migrations.observation.MigrationObservationDocumentation.MigrationHighCardinalityKeyNames;
import com.lms.migrations.observation.MigrationObservationDocumentation.MigrationKeyNames;
import io.micrometer.common.KeyValues;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The default names and tags of a migration run's observation: name {@value #NAME} (so its timer is
 * the one lms-migrations has always published), contextual name (the span's) {@code migration
 * <name> <direction>}, low-cardinality {@code migration}, {@code direction} ({@code up}, {@code
 * down}), {@code outcome} ({@code success}, {@code failure}, {@code unknown} while running), with
 * tenants also {@code tenant} (the tenant's database), and the high-cardinality {@code version}.
 */
public class DefaultMigrationObservationConvention implements MigrationObservationConvention {

  /** The observation's name, which is also the name of its timer. */
  public static final String NAME = "lms.migrations.execution";

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(MigrationObservationContext context) {
    return "migration " + context.getMigration() + " " + direction(context);
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(MigrationObservationContext context) {
    KeyValues values =
        KeyValues.of(
            MigrationKeyNames.MIGRATION.withValue(context.getMigration()),
            MigrationKeyNames.DIRECTION.withValue(direction(context)),
            MigrationKeyNames.OUTCOME.withValue(outcome(context.getExecution())));
    String tenant = context.getTenant();
    return tenant == null ? values : values.and(MigrationKeyNames.TENANT.withValue(tenant));
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(MigrationObservationContext context) {
    return KeyValues.of(
        MigrationHighCardinalityKeyNames.VERSION.withValue(String.valueOf(context.getVersion())));
  }

  private static String direction(MigrationObservationContext context) {
    return context.getDirection().name().toLowerCase(Locale.ROOT);
  }

  private static String outcome(@Nullable MigrationExecution execution) {
    if (execution == null) {
      return "unknown";
    }
    return execution.succeeded() ? "success" : "failure";
  }
}

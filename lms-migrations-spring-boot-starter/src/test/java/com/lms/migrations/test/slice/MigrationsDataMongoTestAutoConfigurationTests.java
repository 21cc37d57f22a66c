package com.lms.migrations.test.slice;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Migration;
import com.lms.migrations.test.autoconfigure.MigrationsDataMongoTestAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class MigrationsDataMongoTestAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withInitializer(
              context ->
                  AutoConfigurationPackages.register(
                      (BeanDefinitionRegistry) context.getBeanFactory(),
                      SliceTestApplication.class.getPackageName()))
          .withConfiguration(AutoConfigurations.of(MigrationsDataMongoTestAutoConfiguration.class));

  @Test
  void registersTheMigrationComponentsOfTheApplicationsPackagesUnderTheirComponentNames() {
    contextRunner.run(
        context ->
            assertThat(context.getBeansOfType(Migration.class))
                .containsOnlyKeys("createCatalog", "addCourseLevel"));
  }

  @Test
  void keepsAMigrationTheTestAlreadyDefines() {
    contextRunner
        .withUserConfiguration(ImportsCreateCatalog.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(CreateCatalog.class);
              assertThat(context.getBeanNamesForType(CreateCatalog.class))
                  .containsExactly(CreateCatalog.class.getName());
            });
  }

  @Test
  void backsOffWhenMigrationsAreDisabled() {
    contextRunner
        .withPropertyValues("lms.migrations.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(Migration.class));
  }

  @Test
  void registersNothingWithoutAutoConfigurationPackages() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MigrationsDataMongoTestAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(Migration.class));
  }

  @Configuration(proxyBeanMethods = false)
  @Import(CreateCatalog.class)
  static class ImportsCreateCatalog {}
}

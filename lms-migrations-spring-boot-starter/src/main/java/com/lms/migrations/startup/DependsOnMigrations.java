package com.lms.migrations.startup;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean that needs the migrated schema when it is created: it is created after the startup
 * migrations' bean. With {@code lms.migrations.startup.phase=refresh}, that means after the
 * migrations have run. Put it on a {@code @Component} class or a {@code @Bean} method.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DependsOnMigrations {}

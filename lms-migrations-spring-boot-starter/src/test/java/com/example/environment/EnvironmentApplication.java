package com.example.environment;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** An application whose package holds a migration only the demo profile activates. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
@ComponentScan
class EnvironmentApplication {}

package com.lms.migrations.test.slice;

import org.springframework.stereotype.Component;

/** An ordinary component, which a {@code @DataMongoTest} leaves out. */
@Component
class CatalogService {}

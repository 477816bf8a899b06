package com.greenex.portal;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The versioned migrations on the class path (the db module's): what a migrated database has applied. */
final class Migrations {

    private Migrations() {
    }

    static int versioned() throws IOException {
        int found = new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/V*__*.sql").length;
        assertThat(found).as("the db module's migrations are on the class path").isGreaterThanOrEqualTo(26);
        return found;
    }
}

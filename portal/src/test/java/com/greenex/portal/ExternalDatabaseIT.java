package com.greenex.portal;

import com.greenex.db.testing.TestDatabase;
import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import com.greenex.portal.testing.TestPortal;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With spring.datasource.url set, the application uses that server and starts none of its own. */
class ExternalDatabaseIT {

    @Test
    void aConfiguredUrlIsUsedAndNoEmbeddedServerStarts(@TempDir Path dir) throws Exception {
        // Stands in for the operator's server: another PostgreSQL process on loopback, its database empty.
        try (TestDatabase external = TestDatabase.builder().unmigrated().start()) {
            external.execute("CREATE DATABASE greenex_ext");
            String url = "jdbc:postgresql://127.0.0.1:" + external.port() + "/greenex_ext";
            try (TestPortal app = TestPortal.plain(dir).with("spring.datasource.url", url).with("spring.datasource.username", "postgres").start()) {
                assertThat(app.context().getBeansOfType(EmbeddedPostgres.class)).isEmpty();
                app.bean(AuditLog.class).append("admin", AuditAction.LOGIN, "", Map.of());
            }
            try (Connection c = external.dataSource("greenex_ext").getConnection();
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM flyway_schema_history WHERE success), "
                         + "(SELECT count(*) FROM audit_log WHERE action = 'LOGIN')")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(Migrations.versioned());
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
        }
    }
}

package com.greenex.portal;

import com.greenex.portal.audit.AuditLog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** With spring.datasource.url set, the application uses that server and starts none of its own. */
class ExternalDatabaseIT {

    @Test
    void aConfiguredUrlIsUsedAndNoEmbeddedServerStarts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // Stands in for the operator's server: another PostgreSQL process on loopback.
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            try (Connection c = external.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE greenex_ext");
            }
            String url = "jdbc:postgresql://127.0.0.1:" + external.getPort() + "/greenex_ext";
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(GreenexApplication.class)
                    .run("--server.port=0", "--server.address=127.0.0.1", "--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
                            "--greenex.chain.state-file=" + dir.resolve("chain.json"))) {
                assertThat(app.getBeansOfType(EmbeddedPostgres.class)).isEmpty();
                app.getBean(AuditLog.class).append("admin", "LOGIN", "", "{}");
            }
            try (Connection c = external.getDatabase("postgres", "greenex_ext").getConnection();
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM flyway_schema_history WHERE success), "
                         + "(SELECT count(*) FROM audit_log WHERE action = 'LOGIN')")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(8);
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
        }
    }
}

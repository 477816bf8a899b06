package com.greenex.portal;

import com.greenex.portal.audit.AuditAction;
import com.greenex.portal.audit.AuditLog;
import com.greenex.portal.security.Users;
import com.greenex.portal.testing.TestPortal;
import com.greenex.portal.trades.ChainConfiguration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded default: a real PostgreSQL 17 started by the application, its data kept across restarts. */
class EmbeddedDatabaseIT {

    @Test
    void theFirstAdministratorComesFromTheOperatorsSettingsAndNeedsAPassword(@TempDir Path dir) {
        assertThatThrownBy(() -> TestPortal.plain(dir).with("greenex.admin.username", "alice").start().close())
                .hasStackTraceContaining("greenex.admin.username is set (alice) but GREENEX_ADMIN_PASSWORD is not");
        try (TestPortal app = TestPortal.plain(dir).with("greenex.admin.username", "alice").with("GREENEX_ADMIN_PASSWORD", "a-long-admin-password")
                .start()) {
            var alice = app.bean(Users.class).loadUserByUsername("alice");
            assertThat(alice.hasRole("ADMIN")).isTrue();
            assertThat(alice.getPassword()).startsWith("$2").doesNotContain("a-long-admin-password");
            assertThat(app.jdbc().sql("SELECT count(*) FROM audit_log WHERE action = 'USER_CREATED' AND subject = 'user:alice'")
                    .query(Integer.class).single()).isEqualTo(1);
        }
    }

    @Test
    void withoutADatasourceUrlTheApplicationStartsPostgresAndMigratesIt(@TempDir Path dir) {
        try (TestPortal app = TestPortal.plain(dir).start()) {
            assertThat(app.context().getBeansOfType(EmbeddedPostgres.class)).hasSize(1);
            JdbcClient jdbc = app.jdbc();
            assertThat(jdbc.sql("SELECT current_setting('server_version_num')::int / 10000").query(Integer.class).single()).isEqualTo(17);
            // Durable by default: what was committed survives an OS crash (the library's -F, fsync off, is overridden).
            assertThat(jdbc.sql("SELECT current_setting('fsync') || ' ' || current_setting('full_page_writes') || ' ' || current_setting('synchronous_commit')")
                    .query(String.class).single()).isEqualTo("on on on");
            assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Integer.class).single()).isEqualTo(9);
            assertThat(dir.resolve("pg").resolve("PG_VERSION")).exists();
            // Outside the demo setting nobody can sign in until an administrator is created: no default password.
            assertThat(jdbc.sql("SELECT count(*) FROM users").query(Integer.class).single()).isZero();
        }
    }

    @Test
    void dataSurvivesARestart(@TempDir Path dir) {
        long seq;
        String settlementAddress;
        try (TestPortal app = TestPortal.plain(dir).start()) {
            seq = app.bean(AuditLog.class).append("admin", AuditAction.SETTING_CHANGED, "greenex.market.interval", Map.of("to", "PT15M"));
            settlementAddress = app.bean(ChainConfiguration.Contracts.class).settlement().getContractAddress();
        }
        try (TestPortal app = TestPortal.plain(dir).start()) {
            // The development chain kept its state: the contracts are found, not deployed again.
            assertThat(app.bean(ChainConfiguration.Contracts.class).settlement().getContractAddress()).isEqualTo(settlementAddress);
            AuditLog audit = app.bean(AuditLog.class);
            assertThat(audit.latest(10)).singleElement().satisfies(e -> {
                assertThat(e.seq()).isEqualTo(seq);
                assertThat(e.action()).isEqualTo("SETTING_CHANGED");
                assertThat(e.detailsJson()).isEqualTo("{\"to\": \"PT15M\"}");
            });
            assertThat(audit.verify()).isEmpty();
        }
    }
}

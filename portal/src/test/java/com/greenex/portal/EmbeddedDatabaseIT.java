package com.greenex.portal;

import com.greenex.portal.audit.AuditLog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default: a real PostgreSQL 17 started by the application, its data kept across restarts. */
class EmbeddedDatabaseIT {

    private static ConfigurableApplicationContext start(Path dataDir, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--server.port=0", "--server.address=127.0.0.1",
                "--greenex.db.embedded.data-dir=" + dataDir, "--greenex.chain.state-file=" + dataDir.resolveSibling("chain.json")));
        args.addAll(java.util.List.of(extra));
        return new SpringApplicationBuilder(GreenexApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void theFirstAdministratorComesFromTheOperatorsSettingsAndNeedsAPassword(@TempDir Path dir) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(dir.resolve("pg"), "--greenex.admin.username=alice").close())
                .hasStackTraceContaining("greenex.admin.username is set (alice) but GREENEX_ADMIN_PASSWORD is not");
        try (ConfigurableApplicationContext app = start(dir.resolve("pg"), "--greenex.admin.username=alice",
                "--GREENEX_ADMIN_PASSWORD=a-long-admin-password")) {
            var alice = app.getBean(com.greenex.portal.security.Users.class).loadUserByUsername("alice");
            assertThat(alice.hasRole("ADMIN")).isTrue();
            assertThat(alice.getPassword()).startsWith("$2").doesNotContain("a-long-admin-password");
            assertThat(app.getBean(JdbcClient.class).sql("SELECT count(*) FROM audit_log WHERE action = 'USER_CREATED' AND subject = 'user:alice'")
                    .query(Integer.class).single()).isEqualTo(1);
        }
    }

    @Test
    void withoutADatasourceUrlTheApplicationStartsPostgresAndMigratesIt(@TempDir Path dir) {
        try (ConfigurableApplicationContext app = start(dir.resolve("pg"))) {
            assertThat(app.getBeansOfType(EmbeddedPostgres.class)).hasSize(1);
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT current_setting('server_version_num')::int / 10000").query(Integer.class).single()).isEqualTo(17);
            assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Integer.class).single()).isEqualTo(8);
            assertThat(dir.resolve("pg").resolve("PG_VERSION")).exists();
            // Outside the demo setting nobody can sign in until an administrator is created: no default password.
            assertThat(jdbc.sql("SELECT count(*) FROM users").query(Integer.class).single()).isZero();
        }
    }

    @Test
    void dataSurvivesARestart(@TempDir Path dir) {
        long seq;
        String settlementAddress;
        try (ConfigurableApplicationContext app = start(dir.resolve("pg"))) {
            seq = app.getBean(AuditLog.class).append("admin", "SETTING_CHANGED", "greenex.market.interval", "{\"to\": \"PT15M\"}");
            settlementAddress = app.getBean(com.greenex.portal.chain.ChainConfiguration.Contracts.class).settlement().getContractAddress();
        }
        try (ConfigurableApplicationContext app = start(dir.resolve("pg"))) {
            // The development chain kept its state: the contracts are found, not deployed again.
            assertThat(app.getBean(com.greenex.portal.chain.ChainConfiguration.Contracts.class).settlement().getContractAddress())
                    .isEqualTo(settlementAddress);
            AuditLog audit = app.getBean(AuditLog.class);
            assertThat(audit.latest(10)).singleElement().satisfies(e -> {
                assertThat(e.seq()).isEqualTo(seq);
                assertThat(e.action()).isEqualTo("SETTING_CHANGED");
                assertThat(e.detailsJson()).isEqualTo("{\"to\": \"PT15M\"}");
            });
            assertThat(audit.verify()).isEmpty();
        }
    }
}

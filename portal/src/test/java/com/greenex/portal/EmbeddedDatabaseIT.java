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
    void withoutADatasourceUrlTheApplicationStartsPostgresAndMigratesIt(@TempDir Path dir) throws Exception {
        try (TestPortal app = TestPortal.plain(dir).start()) {
            assertThat(app.context().getBeansOfType(EmbeddedPostgres.class)).hasSize(1);
            JdbcClient jdbc = app.jdbc();
            assertThat(jdbc.sql("SELECT current_setting('server_version_num')::int / 10000").query(Integer.class).single()).isEqualTo(17);
            // Durable by default: what was committed survives an OS crash (the library's -F, fsync off, is overridden).
            assertThat(jdbc.sql("SELECT current_setting('fsync') || ' ' || current_setting('full_page_writes') || ' ' || current_setting('synchronous_commit')")
                    .query(String.class).single()).isEqualTo("on on on");
            assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL").query(Integer.class).single())
                    .isEqualTo(Migrations.versioned());
            assertThat(dir.resolve("pg").resolve("PG_VERSION")).exists();
            // Outside the demo setting nobody can sign in until an administrator is created: no default password.
            assertThat(jdbc.sql("SELECT count(*) FROM users").query(Integer.class).single()).isZero();
        }
    }

    @Test
    void theServerHasTheMarketsSettingsAnOperatorMayChangeThemButNotThoseThatKeepCommitsDurable(@TempDir Path dir) {
        assertThatThrownBy(() -> TestPortal.plain(dir).with("greenex.db.embedded.settings.fsync", "off").start().close())
                .hasStackTraceContaining("greenex.db.embedded.settings.fsync: the portal sets this itself");
        try (TestPortal app = TestPortal.plain(dir).with("greenex.db.embedded.settings.checkpoint_timeout", "20min").start()) {
            JdbcClient jdbc = app.jdbc();
            assertThat(jdbc.sql("SELECT current_setting('max_wal_size') || ' ' || current_setting('checkpoint_timeout')").query(String.class).single())
                    .isEqualTo("4GB 20min");
            assertThat(jdbc.sql("SELECT current_setting('fsync')").query(String.class).single()).isEqualTo("on");
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

    @Test
    void theApplicationConnectsWithAPasswordAsARoleThatOwnsNothingAndCannotRewriteTheAuditLogUnseen(@TempDir Path dir) throws Exception {
        try (TestPortal app = TestPortal.plain(dir).start()) {
            JdbcClient jdbc = app.jdbc();
            assertThat(jdbc.sql("SELECT current_user || ' ' || rolsuper FROM pg_roles WHERE rolname = current_user").query(String.class).single())
                    .isEqualTo("greenex_app false");
            Path credentials = dir.resolve("pg").resolve(com.greenex.portal.config.EmbeddedCredentials.FILE);
            assertThat(java.nio.file.Files.getPosixFilePermissions(credentials)).containsExactlyInAnyOrder(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            int port = app.bean(EmbeddedPostgres.class).getPort();
            assertThatThrownBy(() -> java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "guess"))
                    .as("no trust, no guessing: SCRAM").hasMessageContaining("password authentication failed");

            // The application appends to the audit log; it cannot change a row, the head, or switch the guards off.
            AuditLog audit = app.bean(AuditLog.class);
            long seq = audit.append("admin", AuditAction.SETTING_CHANGED, "greenex.market.paused", Map.of("to", true));
            assertThatThrownBy(() -> jdbc.sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?").param(seq).update()).hasStackTraceContaining("permission denied for table audit_log");
            assertThatThrownBy(() -> jdbc.sql("ALTER TABLE audit_log DISABLE TRIGGER USER").update())
                    .hasStackTraceContaining("of table audit_log").satisfies(e -> assertThat(org.springframework.core.NestedExceptionUtils.getMostSpecificCause(e)
                            .getMessage()).containsAnyOf("must be owner", "permission denied"));
            assertThatThrownBy(() -> jdbc.sql("UPDATE audit_chain_head SET last_seq = 0").update()).hasStackTraceContaining("permission denied for table audit_chain_head");
            jdbc.sql("INSERT INTO audit_log (actor, action, subject, details, at) VALUES ('mallory', 'LOGIN', '', '{}', '2000-01-01T00:00:00Z')").update();
            assertThat(jdbc.sql("SELECT at > now() - interval '1 hour' FROM audit_log WHERE actor = 'mallory'").query(Boolean.class).single())
                    .as("an entry's time is the database's").isTrue();

            // Anchored on the chain: the owner who rewrites the log and recomputes every hash fools the database's check, not the chain.
            com.greenex.portal.trades.AuditAnchoring anchoring = app.bean(com.greenex.portal.trades.AuditAnchoring.class);
            assertThat(anchoring.anchorIfDue(java.time.Duration.ZERO)).isPresent();
            assertThat(anchoring.verify()).isEmpty();
            try (java.sql.Connection owner = app.bean(EmbeddedPostgres.class).getPostgresDatabase().getConnection();
                 java.sql.Statement s = owner.createStatement()) {
                s.execute("ALTER TABLE audit_log DISABLE TRIGGER USER");
                s.execute("ALTER TABLE audit_anchors DISABLE TRIGGER USER");
                s.execute("UPDATE audit_log SET details = '{\"to\": false}' WHERE seq = " + seq);
                s.execute("""
                        DO $$ DECLARE r record; prev bytea := decode(repeat('00', 32), 'hex'); h bytea; BEGIN
                            FOR r IN SELECT * FROM audit_log ORDER BY seq LOOP
                                h := audit_row_digest(prev, r.seq, r.at, r.actor, r.action, r.subject, r.details);
                                UPDATE audit_log SET prev_hash = prev, hash = h WHERE seq = r.seq;
                                prev := h;
                            END LOOP;
                            UPDATE audit_chain_head SET hash = prev WHERE id;
                            UPDATE audit_anchors a SET hash = l.hash FROM audit_log l WHERE l.seq = a.seq;
                        END $$""");
                s.execute("ALTER TABLE audit_log ENABLE TRIGGER USER");
                s.execute("ALTER TABLE audit_anchors ENABLE TRIGGER USER");
            }
            assertThat(audit.verify()).as("the database's own check is fooled by its owner").isEmpty();
            assertThat(anchoring.verify()).as("the chain is not").isNotEmpty()
                    .first().satisfies(p -> assertThat(p.problem()).contains("differs from its anchor on chain"));
        }
    }
}

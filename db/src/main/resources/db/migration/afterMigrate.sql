-- After every migration: the application's role (greenex_app, when the database has it; the portal's
-- embedded PostgreSQL creates it) may read and write the market's tables, but only append to the
-- audit log and its anchors, and never touch the chain head or the migration history.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'greenex_app') THEN
        GRANT USAGE ON SCHEMA public TO greenex_app;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO greenex_app;
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO greenex_app;
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO greenex_app;
        REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_anchors FROM greenex_app;
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_chain_head FROM greenex_app;
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON flyway_schema_history FROM greenex_app;
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    END IF;
END $$;

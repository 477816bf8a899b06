-- API tokens expire and carry scopes (issue 14): read (GET only), trade (a participant's own writes),
-- operate (the operators' writes). Tokens made before this version keep working for reads until
-- they expire, 90 days from now; their owners make new ones with the scopes they need.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
UPDATE api_tokens SET expires_at = now() + interval '90 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_expiry_check CHECK (expires_at > created_at AND expires_at <= created_at + interval '366 days');
ALTER TABLE api_tokens ADD COLUMN scopes text[] NOT NULL DEFAULT ARRAY['read'];
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_scopes_check
    CHECK (cardinality(scopes) BETWEEN 1 AND 3 AND scopes <@ ARRAY['read', 'trade', 'operate']);

-- The portal's tables, created if missing. Versions are named by the SHA-256 of
-- their source; the head is the current version; the audit log is append-only.
CREATE TABLE IF NOT EXISTS portal_versions (
    operator   TEXT NOT NULL,
    tournament TEXT NOT NULL,
    hash       TEXT NOT NULL,
    source     TEXT NOT NULL,
    author     TEXT NOT NULL,
    saved_at   TIMESTAMPTZ NOT NULL,
    parent     TEXT,
    bytes      BIGINT NOT NULL,
    seq        BIGSERIAL NOT NULL,
    PRIMARY KEY (operator, tournament, hash)
);
CREATE TABLE IF NOT EXISTS portal_heads (
    operator   TEXT NOT NULL,
    tournament TEXT NOT NULL,
    hash       TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (operator, tournament)
);
CREATE TABLE IF NOT EXISTS portal_audit (
    seq        BIGSERIAL PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
    operator   TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    action     TEXT NOT NULL,
    tournament TEXT,
    version    TEXT,
    result     TEXT NOT NULL,
    detail     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS portal_audit_operator ON portal_audit (operator, seq);
CREATE OR REPLACE FUNCTION portal_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'portal_audit is append-only';
END
$$;
CREATE OR REPLACE TRIGGER portal_audit_no_change
    BEFORE UPDATE OR DELETE ON portal_audit
    FOR EACH ROW EXECUTE FUNCTION portal_audit_append_only();
CREATE OR REPLACE TRIGGER portal_audit_no_truncate
    BEFORE TRUNCATE ON portal_audit
    FOR EACH STATEMENT EXECUTE FUNCTION portal_audit_append_only();
CREATE TABLE IF NOT EXISTS portal_approvals (
    operator     TEXT NOT NULL,
    tournament   TEXT NOT NULL,
    version      TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    state        TEXT NOT NULL,
    decided_by   TEXT,
    decided_at   TIMESTAMPTZ,
    PRIMARY KEY (operator, tournament, version)
);
CREATE TABLE IF NOT EXISTS portal_activations (
    seq        BIGSERIAL PRIMARY KEY,
    operator   TEXT NOT NULL,
    tournament TEXT NOT NULL,
    version    TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    by_user    TEXT NOT NULL,
    target     TEXT NOT NULL,
    result     TEXT NOT NULL,
    detail     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS portal_activations_tournament
    ON portal_activations (operator, tournament, seq);

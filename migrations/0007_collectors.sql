-- Collector registration and versioned configuration (services/api: routes/collectors.ts,
-- routes/collector-registration.ts, routes/collector-config.ts). Ordinary tables in both storage modes.

-- What the API knows of an agent besides 0002's columns. A collector is never deleted by the API:
-- deregistering revokes its tokens and keeps its row and configuration history.
--   active --(DELETE or PATCH status)--> deregistered --(PATCH status active)--> active
ALTER TABLE collectors
  ADD COLUMN hostname                text,
  ADD COLUMN agent_version           text,
  ADD COLUMN status                  text         NOT NULL DEFAULT 'active'
                                                  CHECK (status IN ('active', 'deregistered')),
  ADD COLUMN labels                  jsonb        NOT NULL DEFAULT '{}'::jsonb
                                                  CHECK (jsonb_typeof(labels) = 'object'),
  ADD COLUMN updated_at              timestamptz  NOT NULL DEFAULT now(),
  ADD COLUMN deregistered_at         timestamptz,
  -- The configuration version the agent said, in its last heartbeat, that it runs.
  ADD COLUMN applied_config_version  integer,
  ADD CONSTRAINT collectors_deregistered_at_check
    CHECK ((status = 'deregistered') = (deregistered_at IS NOT NULL));

-- The list is paged by (name, collector_id); labels are filtered by containment.
CREATE INDEX collectors_name_idx ON collectors (name, collector_id);
CREATE INDEX collectors_labels_idx ON collectors USING gin (labels jsonb_path_ops);

-- Every configuration a collector was given, one row per version (1, 2, 3… per collector, no gaps). The
-- latest version is the one served. A version is never changed: an update or a rollback adds a version
-- (a rollback copies the old content and records which version it restored in rollback_of). New versions
-- are allocated under a lock on the collector's row, so concurrent writers never lose one.
CREATE TABLE collector_configs (
  collector_id  text         NOT NULL REFERENCES collectors (collector_id) ON DELETE CASCADE,
  version       integer      NOT NULL CHECK (version >= 1),
  config        jsonb        NOT NULL CHECK (jsonb_typeof(config) = 'object'),
  etag          text         NOT NULL,
  created_at    timestamptz  NOT NULL DEFAULT now(),
  created_by    text         NOT NULL,
  comment       text         CHECK (length(comment) <= 1000),
  rollback_of   integer      CHECK (rollback_of < version),
  PRIMARY KEY (collector_id, version),
  FOREIGN KEY (collector_id, rollback_of) REFERENCES collector_configs (collector_id, version)
);

-- One-time bootstrap tokens (`pgab_…`), created by an admin for one agent's registration, as an alternative
-- to the shared PGA_API_BOOTSTRAP_TOKEN. Only the sha256 of the token is stored. A token is spent (used_at,
-- collector_id) in the registration's transaction, so it registers exactly one collector.
CREATE TABLE collector_bootstrap_tokens (
  token_id      uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash    bytea        NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  created_at    timestamptz  NOT NULL DEFAULT now(),
  created_by    text         NOT NULL,
  expires_at    timestamptz  NOT NULL,
  comment       text         CHECK (length(comment) <= 1000),
  used_at       timestamptz,
  collector_id  text         REFERENCES collectors (collector_id) ON DELETE SET NULL,
  revoked_at    timestamptz,
  CHECK (expires_at > created_at)
);

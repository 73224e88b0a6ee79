-- The API's identities and its audit trail: people (users), automation (API tokens), sessions (refresh
-- tokens), agents (collector tokens) and every write or authentication failure (audit_log).
-- Secrets are never stored: passwords as scrypt hashes, tokens as the sha256 of the opaque token.

-- E-mail addresses are stored lower-cased (the API lowers them), so a plain unique constraint suffices and
-- no extension (citext) is needed.
CREATE TABLE users (
  user_id        uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
  email          text         NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 320),
  password_hash  text         NOT NULL,
  role           text         NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  created_at     timestamptz  NOT NULL DEFAULT now(),
  updated_at     timestamptz  NOT NULL DEFAULT now(),
  disabled_at    timestamptz
);

-- Long-lived tokens for automation (`pga_…`). user_id is the owner (null: created by the system); the role
-- is fixed at creation and never above the owner's.
CREATE TABLE api_tokens (
  token_id      uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
  name          text         NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  user_id       uuid         REFERENCES users (user_id) ON DELETE CASCADE,
  role          text         NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  token_hash    bytea        NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  created_at    timestamptz  NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  expires_at    timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Refresh tokens, rotated at every use. All tokens descending from one login share a family_id: presenting
-- a token that was already rotated (revoked) means it was stolen, and the whole family is revoked.
CREATE TABLE refresh_tokens (
  token_id    uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid         NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
  token_hash  bytea        NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  family_id   uuid         NOT NULL,
  created_at  timestamptz  NOT NULL DEFAULT now(),
  expires_at  timestamptz  NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- Collector-scoped tokens (`pgac_…`), issued when a collector registers; they open only that collector's
-- configuration and heartbeat.
CREATE TABLE collector_tokens (
  token_id      uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
  collector_id  text         NOT NULL REFERENCES collectors (collector_id) ON DELETE CASCADE,
  token_hash    bytea        NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  created_at    timestamptz  NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX collector_tokens_collector_idx ON collector_tokens (collector_id);

-- Every write through the API and every authentication failure. actor_kind: user | apitoken | collector |
-- anonymous | system (the CLI, start-up); actor_id: the user id, token id or collector id (null when anonymous).
CREATE TABLE audit_log (
  audit_id    bigserial    PRIMARY KEY,
  at          timestamptz  NOT NULL DEFAULT now(),
  actor_kind  text         NOT NULL CHECK (actor_kind IN ('user', 'apitoken', 'collector', 'anonymous', 'system')),
  actor_id    text,
  action      text         NOT NULL,
  target      text,
  outcome     text         NOT NULL CHECK (outcome IN ('success', 'failure')),
  ip          text,
  details     jsonb        NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_action_at_idx ON audit_log (action, at);

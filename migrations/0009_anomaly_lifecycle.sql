-- Anomalies get the lifecycle recommendations have (services/api/sql/lifecycle.ts), driven by people through
-- the API:
--   open ──acknowledge──▶ acknowledged
--   open | acknowledged ──resolve──▶ resolved
--   open | acknowledged ──dismiss──▶ dismissed
-- There is no `expired`: that one is the analyzer's for recommendations, and it never touches these columns.
-- status_changed_at plays the part of recommendations.updated_at (detected_at is the event's own time, and
-- the sort key of the listing, so it never moves); it stays NULL until the first transition. Who made a
-- change, and their note, are in audit_log (`anomaly.<action>`), as for recommendations.
--
-- anomalies is an ordinary table in both storage modes (0002), so one common file serves both. The constant
-- default makes ADD COLUMN a catalog change; the CHECK reads the table once, without rewriting it. Reads
-- filter by status within a detected_at range, which 0008 indexes.

ALTER TABLE anomalies
  ADD COLUMN status            text         NOT NULL DEFAULT 'open'
                                            CHECK (status IN ('open', 'acknowledged', 'resolved', 'dismissed')),
  ADD COLUMN status_changed_at timestamptz;


/**
 * The team scope above the project, and leases: a reservation's expiry, renewed while its
 * call runs, so a shared ledger can release what a vanished process left without trusting a
 * pid from another machine. `budget_scopes` holds one row per team and project: PostgreSQL
 * reservations lock those rows to serialize with every other reservation on the same scopes.
 * Written once for both dialects.
 */
export const MIGRATION_0003_TEAM_AND_LEASES = `
ALTER TABLE calls ADD COLUMN team TEXT;
ALTER TABLE calls ADD COLUMN lease_until_ms BIGINT;
CREATE INDEX calls_by_team ON calls (team);
CREATE TABLE budget_scopes (
  scope TEXT NOT NULL CHECK (scope IN ('team', 'project')),
  name TEXT NOT NULL,
  reservations BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, name)
);
`;

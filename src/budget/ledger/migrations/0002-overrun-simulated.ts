/**
 * Overruns and simulated spend (SPEC §12). Plain SQL that SQLite and PostgreSQL both accept, so
 * every store can apply the same numbered unit.
 *
 * - `overrun_micros`: how far a settled call's actual cost passed its reservation (0 when it did not).
 * - `simulated`: 1 for calls of the fake provider and of replays. They are limited within their
 *   own totals and never counted against real budgets. Rows written before this migration by the
 *   fake provider are simulated too (that is all `provider = 'fake'` ever meant).
 */
export const MIGRATION_0002_OVERRUN_SIMULATED = `
ALTER TABLE calls ADD COLUMN overrun_micros INTEGER NOT NULL DEFAULT 0;
ALTER TABLE calls ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0;
UPDATE calls SET simulated = 1 WHERE provider = 'fake';
CREATE INDEX calls_by_simulated ON calls (project, simulated);
`;

/** The first schema: one row per model call (SPEC §9). Money is integer micro-dollars. */
export const MIGRATION_0001_INITIAL = `
CREATE TABLE calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time TEXT NOT NULL,
  project TEXT NOT NULL,
  run_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  role TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  requested_tier TEXT NOT NULL,
  actual_tier TEXT,
  reasoning_effort TEXT NOT NULL,
  est_input_tokens INTEGER NOT NULL,
  est_cached_tokens INTEGER NOT NULL,
  est_output_tokens INTEGER NOT NULL,
  est_reasoning_tokens INTEGER NOT NULL,
  act_input_tokens INTEGER,
  act_cached_tokens INTEGER,
  act_output_tokens INTEGER,
  act_reasoning_tokens INTEGER,
  actual_model TEXT,
  projected_micros INTEGER NOT NULL CHECK (projected_micros >= 0),
  actual_micros INTEGER CHECK (actual_micros IS NULL OR actual_micros >= 0),
  status TEXT NOT NULL CHECK (status IN ('reserved', 'settled', 'released', 'reconciled')),
  error TEXT,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  closed_at TEXT
);
CREATE INDEX calls_by_task ON calls (project, run_id, task_id);
CREATE INDEX calls_by_role ON calls (project, role);
CREATE INDEX calls_by_status ON calls (status);
`;

/**
 * The same schema in PostgreSQL's dialect: the same columns and checks, BIGSERIAL ids and
 * BIGINT money (integer micro-dollars stay exact; the client maps them to numbers).
 */
export const MIGRATION_0001_INITIAL_POSTGRES = MIGRATION_0001_INITIAL.replace(
  "id INTEGER PRIMARY KEY AUTOINCREMENT",
  "id BIGSERIAL PRIMARY KEY",
)
  .replace("projected_micros INTEGER NOT NULL", "projected_micros BIGINT NOT NULL")
  .replace("actual_micros INTEGER CHECK", "actual_micros BIGINT CHECK");

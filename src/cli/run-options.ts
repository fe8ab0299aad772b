/** The flags of `leash run`, shared by the sequential loop and the worker pool. */
export interface RunOptions {
  provider?: string;
  config?: string;
  json?: boolean;
  commit?: boolean;
  branch?: string;
  approve?: string[];
  maxUsd?: number;
  concurrency?: number;
  keepWorktrees?: boolean;
  allowDirty?: boolean;
  /** commander's form of --no-baseline: false when the flag is given. */
  baseline?: boolean;
  record?: string;
  replay?: string;
  /** An inline task (`--goal … --allow … --check …`) instead of task files. */
  goal?: string;
  allow?: string[];
  check?: string[];
  intent?: string;
}

/** A run's snapshot of the working tree: a commit under Leash's own ref (git/checkpoint.ts makes it). */
export interface Checkpoint {
  ref: string;
  commit: string;
  tree: string;
  createdAt: string;
  /** Permission bits of files that are neither 0644 nor 0755, so a rollback restores them exactly. */
  modes?: Record<string, number>;
}

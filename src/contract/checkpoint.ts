/** A run's snapshot of the working tree: a commit under Leash's own ref (git/checkpoint.ts makes it). */
export interface Checkpoint {
  ref: string;
  commit: string;
  tree: string;
  createdAt: string;
}

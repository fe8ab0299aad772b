/** What kind of failure a line reports; new kinds appearing is a divergence signal (SPEC §10). */
export const FAILURE_CATEGORIES = ["type", "lint", "test", "syntax", "runtime", "timeout", "other"] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

/**
 * One validator failure with everything that changes between identical runs taken out, so
 * the same error at another line, in another temp dir or after another duration hashes the same.
 */
export interface FailureSignature {
  validator: string;
  category: FailureCategory;
  /** Repo-relative file the failure names, when it names one. */
  file?: string;
  /** The normalized text that is hashed. */
  text: string;
  /** The original line (colours stripped, secrets redacted), for people and prompts. */
  raw: string;
  /** sha256 hex of `validator \0 category \0 text`. */
  signatureHash: string;
}

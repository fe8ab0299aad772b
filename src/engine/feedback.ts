import type { Diagnosis } from "../contract/model-output.js";
import type { AttemptRecord } from "../report/report-types.js";

/** What the next attempt is told about the last one. */
export interface Feedback {
  fromAttempt: AttemptRecord;
  diagnosis?: Diagnosis;
}

import { EXIT, type ExitCode } from "../errors.js";

/** Exit code of several runs: the most serious one wins (internal > invalid > operator > blocked > not accepted). */
const SEVERITY: ExitCode[] = [
  EXIT.accepted,
  EXIT.notAccepted,
  EXIT.blocked,
  EXIT.needsOperator,
  EXIT.invalidInput,
  EXIT.internal,
];

export function worstExit(codes: ExitCode[]): ExitCode {
  return codes.reduce<ExitCode>(
    (worst, c) => (SEVERITY.indexOf(c) > SEVERITY.indexOf(worst) ? c : worst),
    EXIT.accepted,
  );
}

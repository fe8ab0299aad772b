import type { Violation } from "./types.js";

export function violation(rule: string, path: string, message: string, hint: string): Violation {
  return { rule, code: `patch.${rule}`, path, message, hint };
}

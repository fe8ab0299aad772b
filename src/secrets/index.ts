export { type ExactSecret, exactSecrets, MIN_EXACT_LENGTH } from "./exact-values.js";
export { LEASH_RULES, redactKnownShapes } from "./leash-rules.js";
export { redactDeep, scanDeep } from "./redact-deep.js";
export { loadRuleset } from "./ruleset.js";
export { createSecretScanner, type ScannerOptions } from "./scanner.js";
export { placeholder, type ScanResult, type SecretScanner } from "./types.js";

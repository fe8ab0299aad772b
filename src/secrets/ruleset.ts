import type { SecretLintCoreConfig, SecretLintCoreResultMessage } from "@secretlint/types";
import type { SecretSpan } from "./types.js";

/**
 * The maintained ruleset: secretlint's recommended preset (docs/secrets.md says why this one).
 * Loaded on first use, once per process, so commands that never scan (`--help`, `runs`) never
 * pay for it.
 */

type Lint = (text: string) => Promise<SecretLintCoreResultMessage[]>;
let loading: Promise<Lint> | undefined;

const PRESET = "@secretlint/secretlint-rule-preset-recommend";

async function load(): Promise<Lint> {
  const [{ lintSource }, { creator }, { secretLintProfiler }] = await Promise.all([
    import("@secretlint/core"),
    import("@secretlint/secretlint-rule-preset-recommend"),
    import("@secretlint/profiler"),
  ]);
  // secretlint's profiler is always on: every rule of every scan leaves performance marks, and
  // each new mark is compared with all earlier ones, so a run's scans grew quadratically and kept
  // every mark alive. Leash never reads the profile (it exists for secretlint's own --profile).
  secretLintProfiler.mark = () => {};
  const config: SecretLintCoreConfig = {
    rules: [
      {
        id: PRESET,
        rule: creator,
        // Access key ids are off by default (they are not secret alone); Leash redacts them anyway.
        rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }],
      },
    ],
  };
  return async (text) => {
    const result = await lintSource({
      source: { content: text, filePath: "leash-scan.txt", ext: ".txt", contentType: "text" },
      options: { config, noPhysicFilePath: true },
    });
    return result.messages;
  };
}

export function loadRuleset(): Promise<Lint> {
  loading ??= load();
  return loading;
}

/** `@secretlint/secretlint-rule-npm` → `npm`; the kind a placeholder shows. */
const KINDS: Record<string, string> = {
  npm: "npm token",
  github: "GitHub token",
  gitlab: "GitLab token",
  aws: "AWS key",
  gcp: "GCP service-account key",
  privatekey: "private key",
  slack: "Slack token",
  sendgrid: "SendGrid key",
  basicauth: "URL password",
  "database-connection-string": "database password",
  openai: "API key",
  anthropic: "API key",
  docker: "Docker registry auth",
};

export function kindOfRule(ruleId: string): string {
  const short = ruleId.replace(/^.*secretlint-rule-/, "");
  return KINDS[short] ?? `${short} secret`;
}

/**
 * Spans of every message. A rule reports a range, and some ranges are not exactly the value (the
 * AWS secret-key rule's range starts at the key's name, with the value's length), so the values
 * the message carries are also located wherever they occur.
 */
export async function rulesetSpans(text: string): Promise<SecretSpan[]> {
  const lint = await loadRuleset();
  const spans: SecretSpan[] = [];
  for (const m of await lint(text)) {
    const kind = kindOfRule(m.ruleId);
    spans.push({ start: m.range[0], end: m.range[1], kind, rule: m.ruleId });
    for (const value of Object.values(m.data ?? {})) {
      if (typeof value !== "string" || value.length < 8 || /\s/.test(value)) continue;
      for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + value.length)) {
        spans.push({ start: at, end: at + value.length, kind, rule: m.ruleId });
      }
    }
  }
  return spans;
}

import picomatch from "picomatch";
import { InputError } from "../errors.js";
import type { SecretScanner } from "../secrets/index.js";

interface FileRead {
  path: string;
  content: Buffer | null;
}

/**
 * A file that holds a secret is not context: refused (exit 2, naming the file and the rule)
 * before any call, unless the task lists it under `allow_secrets_in`, in which case it is sent
 * with each secret replaced by its placeholder. The forbidden globs (`.env*`, `*.pem`) still
 * apply before this; this catches the secrets that sit in ordinary-looking files.
 */
export async function refuseSecretFiles(
  scanner: SecretScanner,
  files: readonly FileRead[],
  allowSecretsIn: readonly string[],
): Promise<FileRead[]> {
  const allowed = allowSecretsIn.length > 0 ? picomatch([...allowSecretsIn], { dot: true }) : () => false;
  const out: FileRead[] = [];
  for (const file of files) {
    if (file.content === null || file.content.includes(0)) {
      out.push(file);
      continue;
    }
    const scanned = await scanner.scan(file.content.toString("utf8"), `file ${file.path}`);
    if (scanned.count === 0) {
      out.push(file);
      continue;
    }
    if (!allowed(file.path)) {
      const kinds = Object.keys(scanned.byKind).join(", ");
      const line = firstChangedLine(file.content.toString("utf8"), scanned.text);
      throw new InputError(
        "context.file_holds_secret",
        `${file.path} holds what looks like a secret (${kinds}; rule ${scanned.firstRule}); Leash does not send it to a model`,
        {
          location: { file: file.path, ...(line ? { line } : {}) },
          hint: `move the secret out of ${file.path} (an environment variable, a file under forbidden_paths), drop the file from allowed_files/context_files, or list it under allow_secrets_in: in the task to send it with the secret replaced by a placeholder`,
          details: { file: file.path, line, rule: scanned.firstRule, kinds: scanned.byKind },
        },
      );
    }
    out.push({ path: file.path, content: Buffer.from(scanned.text, "utf8") });
  }
  return out;
}

/** The 1-based line of the first replacement: where the operator has to look (a false positive is fixed there too). */
function firstChangedLine(before: string, after: string): number | undefined {
  const a = before.split("\n");
  const b = after.split("\n");
  const i = a.findIndex((line, n) => line !== b[n]);
  return i < 0 ? undefined : i + 1;
}

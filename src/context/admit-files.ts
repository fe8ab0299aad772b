import picomatch from "picomatch";

export interface ContextFileInput {
  /** Repository-relative path, forward slashes. */
  path: string;
  /** Null when the file does not exist yet (an allowed file the patch may create). */
  content: Buffer | null;
  /** Set by the caller when it already knows (e.g. git's attributes). */
  binary?: boolean;
}

export interface AdmittedFile {
  path: string;
  editable: boolean;
  /** Null for a file that does not exist yet. */
  text: string | null;
}

export interface SkippedFile {
  path: string;
  reason: "outside_repo" | "forbidden" | "binary" | "not_requested";
  /** Safe to show the model (binary files are mentioned; forbidden ones are not). */
  tellModel: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Refused again here even though the caller filters: a path leaving the repo never reaches a prompt. */
export function isOutsideRepo(path: string): boolean {
  if (path === "" || path.startsWith("/") || path.startsWith("\\") || /^[A-Za-z]:/.test(path)) return true;
  const parts = path.split(/[\\/]/);
  return parts.some((p) => p === ".." || p.toLowerCase() === ".git");
}

function decodeText(content: Buffer): string | null {
  if (content.includes(0)) return null;
  try {
    return utf8.decode(content);
  } catch {
    return null;
  }
}

export function admitFiles(
  files: readonly ContextFileInput[],
  globs: { allowed: readonly string[]; context: readonly string[]; forbidden: readonly string[] },
): { admitted: AdmittedFile[]; skipped: SkippedFile[] } {
  const opts = { dot: true };
  const isAllowed = picomatch([...globs.allowed], opts);
  const isContext = globs.context.length > 0 ? picomatch([...globs.context], opts) : () => false;
  const isForbidden = globs.forbidden.length > 0 ? picomatch([...globs.forbidden], opts) : () => false;
  const admitted: AdmittedFile[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const path = file.path.replace(/^\.\//, "");
    if (seen.has(path)) continue;
    seen.add(path);
    if (isOutsideRepo(path)) {
      skipped.push({ path, reason: "outside_repo", tellModel: false });
      continue;
    }
    if (isForbidden(path)) {
      skipped.push({ path, reason: "forbidden", tellModel: false });
      continue;
    }
    const editable = globs.allowed.length > 0 && isAllowed(path);
    if (!editable && !isContext(path)) {
      skipped.push({ path, reason: "not_requested", tellModel: false });
      continue;
    }
    if (file.content === null) {
      admitted.push({ path, editable, text: null });
      continue;
    }
    const text = file.binary === true ? null : decodeText(file.content);
    if (text === null) {
      skipped.push({ path, reason: "binary", tellModel: true });
      continue;
    }
    admitted.push({ path, editable, text });
  }
  return { admitted, skipped };
}

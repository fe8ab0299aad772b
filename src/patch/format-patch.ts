import { quotePath } from "./diff-paths.js";
import type { FilePatch, Hunk, ParsedPatch } from "./types.js";

/** Renders the normalized git-style diff that is checked and applied: always `a/`/`b/`, exact counts. */
export function formatPatch(patch: ParsedPatch): string {
  return patch.files.map(formatFile).join("");
}

function formatFile(file: FilePatch): string {
  const oldName = file.oldPath ?? file.newPath ?? "";
  const newName = file.newPath ?? file.oldPath ?? "";
  const out = [`diff --git ${quotePath(`a/${oldName}`)} ${quotePath(`b/${newName}`)}`];
  if (file.kind === "create") out.push(`new file mode ${file.newMode ?? "100644"}`);
  else if (file.kind === "delete") out.push(`deleted file mode ${file.oldMode ?? "100644"}`);
  else if (file.oldMode !== undefined || file.newMode !== undefined) {
    if (file.oldMode !== undefined) out.push(`old mode ${file.oldMode}`);
    if (file.newMode !== undefined) out.push(`new mode ${file.newMode}`);
  }
  if (file.kind === "rename")
    out.push(`rename from ${quotePath(oldName)}`, `rename to ${quotePath(newName)}`);
  if (file.kind === "copy") out.push(`copy from ${quotePath(oldName)}`, `copy to ${quotePath(newName)}`);
  if (file.binary) {
    out.push(`Binary files a/${oldName} and b/${newName} differ`);
    return `${out.join("\n")}\n`;
  }
  if (file.hunks.length > 0) {
    out.push(`--- ${file.oldPath === null ? "/dev/null" : quotePath(`a/${file.oldPath}`)}`);
    out.push(`+++ ${file.newPath === null ? "/dev/null" : quotePath(`b/${file.newPath}`)}`);
    for (const hunk of file.hunks) out.push(...formatHunk(hunk));
  }
  return `${out.join("\n")}\n`;
}

function formatHunk(hunk: Hunk): string[] {
  const out = [
    `@@ -${hunk.oldStart ?? 0},${hunk.oldCount} +${hunk.newStart ?? 0},${hunk.newCount} @@${hunk.section}`,
  ];
  for (const line of hunk.lines) {
    out.push(`${line.op}${line.text}`);
    if (line.noNewline) out.push("\\ No newline at end of file");
  }
  return out;
}

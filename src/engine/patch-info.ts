import { diffstat } from "../patch/diffstat.js";
import type { PatchRefusal, PreparedPatch } from "../patch/prepare-with.js";
import type { PatchRefusalInfo, PreparedPatchInfo } from "./ports.js";

/** What the workspace port hands the engine for a prepared patch: the same for every workspace. */
export function patchInfo(result: PreparedPatch | PatchRefusal): PreparedPatchInfo | PatchRefusalInfo {
  const repairs = (result.repairs ?? []).map((r) => ({
    kind: r.kind,
    file: r.file,
    detail: `${r.from} → ${r.to}`,
    ...(r.level !== undefined ? { level: r.level } : {}),
  }));
  if (!result.ok)
    return { ok: false, stage: result.stage, code: result.code, reason: result.reason, repairs };
  return {
    ok: true,
    parsed: result.patch,
    diffText: result.diffText,
    files: result.files,
    repairs,
    diffstat: { ...diffstat(result.diffText), files: result.files.length },
    bytes: Buffer.byteLength(result.diffText),
  };
}

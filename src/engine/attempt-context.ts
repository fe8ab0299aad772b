import { autoRegions } from "../context/auto-regions.js";
import { type BuildContextInput, buildContext } from "../context/build-context.js";
import { BlockedError, InputError } from "../errors.js";
import type { RouteChoice } from "../routing/route.js";
import type { ResolvedTask } from "../task/schema.js";
import type { Feedback } from "./feedback.js";
import type { EnginePorts } from "./ports.js";
import { refuseSecretFiles } from "./refuse-secret-files.js";
import { scannerOf } from "./scan-request.js";

/**
 * The prompt of one attempt: the goal, the allowed files (numbered, editable), context files,
 * and what went wrong last time. Blocks (exit 3) when even the allowed files do not fit.
 */
export async function buildAttemptContext(
  ports: {
    workspace: Pick<EnginePorts["workspace"], "readFile" | "expandGlobs">;
    budget: Pick<EnginePorts["budget"], "countTokens">;
    secrets?: EnginePorts["secrets"];
  },
  task: ResolvedTask,
  route: Pick<RouteChoice, "output" | "model">,
  feedback: Feedback | undefined,
) {
  const [allowed, context] = await Promise.all([
    ports.workspace.expandGlobs(task.allowedFiles),
    ports.workspace.expandGlobs(task.contextFiles),
  ]);
  const contextOnly = context.filter((p) => !allowed.includes(p));
  const read = async (path: string) => ({ path, content: await ports.workspace.readFile(path) });
  const fileReads = await Promise.all([...allowed, ...contextOnly].map(read));
  const files = await refuseSecretFiles(scannerOf(ports), fileReads, task.allowSecretsIn ?? []);
  // A plain allowed path that does not exist yet is one the patch may create: the model must see it.
  for (const path of task.allowedFiles) {
    if (!/[*?[\]{}!]/.test(path) && !allowed.includes(path)) files.push({ path, content: null });
  }
  const last = feedback?.fromAttempt;
  const failureText = last?.outcome === "validators_failed" ? last.reason : undefined;
  const request: BuildContextInput = {
    task,
    output: route.output,
    limits: {
      maxContextChars: task.limits.maxContextCharsPerCall,
      maxInputTokens: task.limits.maxInputTokensPerCall,
    },
    files,
    feedback: last && {
      attempt: last.attempt,
      previousPatch: last.patchText,
      validatorFailures: failureText,
      parseOrSafetyReason: last.outcome === "validators_failed" ? undefined : last.reason,
      diagnosis: feedback?.diagnosis,
    },
    encodingCount: (text: string) => ports.budget.countTokens(text, route.model),
  };
  let built = buildContext(request);
  if (!built.ok) {
    // Too big whole: scope the editable files Leash can parse to what the goal, the failure and
    // the last patch point at, with an outline of the rest, and try once more before blocking.
    const declared = new Set((task.regions ?? []).map((r) => r.path));
    const unscoped = files.flatMap((f) =>
      allowed.includes(f.path) && f.content !== null && !declared.has(f.path)
        ? [{ path: f.path, text: f.content.toString("utf8") }]
        : [],
    );
    const scoped = await autoRegions({
      files: unscoped,
      goal: task.goal,
      failureText,
      previousPatch: last?.patchText,
    });
    if (scoped.length > 0) {
      const sizes = new Map(unscoped.map((f) => [f.path, f.text.length]));
      built = buildContext({
        ...request,
        task: { ...task, regions: [...(task.regions ?? []), ...scoped] },
        notes: scoped.map(
          (r) =>
            `${r.path} (${sizes.get(r.path)} chars) does not fit whole: shown as ${r.outlineOnly ? "an outline only" : `lines ${r.ranges.map(([a, b]) => `${a}-${b}`).join(", ")}`} (${r.sources.join("; ")}) with an outline of the rest`,
        ),
      });
    }
  }
  if (!built.ok) {
    throw new BlockedError(
      "budget.context_does_not_fit",
      `blocked: the goal and the editable files alone need ${built.chars} chars / ${built.tokens} tokens (context files not counted: they are left out first); the limits are ${built.limitChars} chars / ${built.limitTokens} tokens per call`,
      {
        hint: "name the part of a large file to change (allowed_files: [{path, symbols: [...]}] or path#L10-80), narrow allowed_files, or raise limits.max_context_chars_per_call / max_input_tokens_per_call in leash.yaml",
      },
    );
  }
  if (route.output === "patch" && !built.files.some((f) => f.editable))
    throw nothingEditable(built.skipped, fileReads);
  return built;
}

/**
 * Every allowed file is binary or not UTF-8: the model would be asked for a patch to files it
 * cannot see, and patch safety refuses binary hunks anyway. Refused before any call, so nothing
 * is spent on attempts that cannot succeed.
 */
function nothingEditable(
  skipped: readonly { path: string; reason: string }[],
  reads: readonly { path: string; content: Buffer | null }[],
): InputError {
  const why = (path: string) =>
    reads.find((r) => r.path === path)?.content?.includes(0) ? "binary" : "not UTF-8 text";
  const named = skipped.filter((s) => s.reason === "binary").map((s) => `${s.path} (${why(s.path)})`);
  return new InputError(
    "context.nothing_editable",
    `no allowed file can be shown to the model as text${named.length > 0 ? `: ${named.join(", ")}` : ""}; a patch could not edit any of them, so nothing was called`,
    {
      location: { field: "allowed_files" },
      hint: "Leash edits UTF-8 text files only: list text files in allowed_files, or convert a file to UTF-8 first (e.g. iconv -f latin1 -t utf-8)",
      details: { files: named },
    },
  );
}

import type { OutputKind } from "../config/schema.js";
import type { FileRegion } from "../outline/region.js";
import type { ResolvedTask } from "../task/schema.js";
import { type AdmittedFile, admitFiles, type ContextFileInput, type SkippedFile } from "./admit-files.js";
import { condenseValidatorOutput } from "./condense-output.js";
import { instructionsFor } from "./instructions.js";
import { redactSecrets } from "./redact.js";
import { renderRegionFile } from "./render-region.js";
import {
  type AttemptFeedback,
  renderFeedback,
  renderFile,
  renderFilesHeader,
  renderGoal,
  renderNotes,
  type ShownFeedback,
} from "./render-sections.js";

export interface BuildContextInput {
  task: Pick<ResolvedTask, "goal" | "allowedFiles" | "contextFiles" | "forbiddenPaths" | "regions">;
  /** What the routed role must answer with. */
  output: OutputKind;
  /** From the task's resolved limits (already tightened against the config). */
  limits: { maxContextChars: number; maxInputTokens: number };
  /** Allowed and context files, read by the caller. */
  files: readonly ContextFileInput[];
  /** Feedback of earlier attempts, oldest first; the last one is "the previous attempt". */
  feedback?: AttemptFeedback | readonly AttemptFeedback[];
  /** Token count with the routed model's tokenizer. */
  encodingCount: (text: string) => number;
  /** What the caller already left out (files scoped automatically): named first in the notes. */
  notes?: readonly string[];
}

export type BuiltContext =
  | {
      ok: true;
      instructions: string;
      input: string;
      chars: number;
      tokens: number;
      /** What was dropped or cut and why, in the order it happened (also in the prompt). */
      trimmed: string[];
      skipped: SkippedFile[];
      files: { path: string; editable: boolean; chars: number }[];
    }
  | {
      ok: false;
      code: "context.allowed_files_do_not_fit";
      chars: number;
      tokens: number;
      limitChars: number;
      limitTokens: number;
      skipped: SkippedFile[];
    };

interface State {
  context: AdmittedFile[];
  feedback: ShownFeedback[];
  trimmed: string[];
}

// Numbering a file is the costly part of rendering; each file is rendered once per build.
const renderedFiles = new WeakMap<AdmittedFile, string>();
const fileRegions = new WeakMap<AdmittedFile, FileRegion>();
function renderFileOnce(file: AdmittedFile): string {
  let text = renderedFiles.get(file);
  if (text === undefined) {
    const region = fileRegions.get(file);
    text =
      region && file.text !== null
        ? renderRegionFile({ ...file, text: file.text }, region)
        : renderFile(file);
    renderedFiles.set(file, text);
  }
  return text;
}

const CONTEXT_DROP = /^context file (\S+) \(/;
const NAMED_DROPS = 3;

/** Many dropped context files become one note, so the notes never crowd out what they replace. */
function promptNotes(trimmed: readonly string[]): string[] {
  const dropped = trimmed.flatMap((t) => CONTEXT_DROP.exec(t)?.[1] ?? []);
  if (dropped.length <= NAMED_DROPS) return [...trimmed];
  const more = dropped.length - NAMED_DROPS;
  return [
    `${dropped.length} context files left out to fit the limits, largest first: ${dropped.slice(0, NAMED_DROPS).join(", ")} (+${more} more)`,
    ...trimmed.filter((t) => !CONTEXT_DROP.test(t)),
  ];
}

function render(goal: string, editable: AdmittedFile[], skipped: SkippedFile[], s: State): string[] {
  const parts = [renderGoal(goal)];
  if (editable.length > 0) parts.push(renderFilesHeader(true), ...editable.map(renderFileOnce));
  if (s.context.length > 0) parts.push(renderFilesHeader(false), ...s.context.map(renderFileOnce));
  s.feedback.forEach((fb, i) => {
    parts.push(renderFeedback(fb, i === s.feedback.length - 1));
  });
  const notes = renderNotes(skipped, promptNotes(s.trimmed));
  if (notes !== null) parts.push(notes);
  return parts;
}

function show(fb: AttemptFeedback): ShownFeedback {
  return {
    attempt: fb.attempt,
    previousPatch: fb.previousPatch,
    validatorLines:
      fb.validatorFailures === undefined
        ? undefined
        : condenseValidatorOutput(fb.validatorFailures).split("\n"),
    diagnosis: fb.diagnosis,
    parseOrSafetyReason:
      fb.parseOrSafetyReason === undefined ? undefined : redactSecrets(fb.parseOrSafetyReason),
  };
}

const label = (fb: ShownFeedback) =>
  fb.attempt === undefined ? "the previous attempt" : `attempt ${fb.attempt}`;

/**
 * The next trim, least relevant first: context files (largest first), older attempts' feedback
 * (oldest first), the tail of the latest validator output (halved each time), then the latest
 * attempt's patch, diagnosis and parse reason. Returns false when nothing optional is left.
 */
function trimOnce(s: State): boolean {
  if (s.context.length > 0) {
    const largest = s.context.reduce((a, b) => ((b.text?.length ?? 0) > (a.text?.length ?? 0) ? b : a));
    s.context = s.context.filter((f) => f !== largest);
    s.trimmed.push(
      `context file ${largest.path} (${largest.text?.length ?? 0} chars) left out to fit the limits`,
    );
    return true;
  }
  if (s.feedback.length > 1) {
    const oldest = s.feedback.shift() as ShownFeedback;
    s.trimmed.push(`feedback of ${label(oldest)} left out to fit the limits`);
    return true;
  }
  const latest = s.feedback[0];
  if (latest === undefined) return false;
  const lines = latest.validatorLines;
  if (lines !== undefined && lines.length > 4) {
    const keep = Math.floor(lines.length / 2);
    latest.validatorLines = lines.slice(0, keep);
    latest.validatorCutLines = (latest.validatorCutLines ?? 0) + lines.length - keep;
    s.trimmed.push(`validator output of ${label(latest)} cut to its first ${keep} lines`);
    return true;
  }
  const drops: [keyof ShownFeedback, string][] = [
    ["validatorLines", "validator output"],
    ["previousPatch", "patch"],
    ["diagnosis", "reviewer diagnosis"],
    ["parseOrSafetyReason", "parse/safety reason"],
  ];
  for (const [key, what] of drops) {
    if (latest[key] === undefined) continue;
    latest[key] = undefined;
    s.trimmed.push(`${what} of ${label(latest)} left out to fit the limits`);
    return true;
  }
  s.feedback = [];
  return true;
}

/**
 * The prompt for one call: instructions (the output contract) and input (goal, numbered files,
 * feedback), inside the char and token limits. The goal and the editable files are never cut:
 * when they alone do not fit, the answer is `context.allowed_files_do_not_fit` (exit 3).
 */
export function buildContext(input: BuildContextInput): BuiltContext {
  const { task, limits, encodingCount } = input;
  const instructions = instructionsFor(input.output);
  const { admitted, skipped } = admitFiles(input.files, {
    allowed: task.allowedFiles,
    context: task.contextFiles,
    forbidden: task.forbiddenPaths,
  });
  for (const file of admitted) {
    const region = task.regions?.find((r) => r.path === file.path);
    if (region) fileRegions.set(file, region);
  }
  const editable = admitted.filter((f) => f.editable);
  const tokenCache = new Map<string, number>();
  const countPart = (text: string) => {
    let n = tokenCache.get(text);
    if (n === undefined) {
      n = encodingCount(text);
      tokenCache.set(text, n);
    }
    return n;
  };
  const measure = (parts: string[]) => {
    // Lengths and cached part counts, not a joined string: trimming may loop hundreds of times.
    const chars = instructions.length + parts.reduce((n, p) => n + p.length, 0) + 2 * (parts.length - 1);
    const tokens =
      chars > limits.maxContextChars
        ? Number.POSITIVE_INFINITY
        : countPart(instructions) + parts.reduce((n, p) => n + countPart(p), 0);
    return { parts, chars, tokens };
  };
  const fits = (m: { chars: number; tokens: number }) =>
    m.chars <= limits.maxContextChars && m.tokens <= limits.maxInputTokens;

  const notFit = (chars: number, tokens: number): BuiltContext => ({
    ok: false,
    code: "context.allowed_files_do_not_fit",
    chars,
    tokens,
    limitChars: limits.maxContextChars,
    limitTokens: limits.maxInputTokens,
    skipped,
  });
  const notes = [...(input.notes ?? [])];
  const minimal = render(task.goal, editable, skipped, { context: [], feedback: [], trimmed: notes });
  const floor = measure(minimal);
  if (!fits(floor)) {
    return notFit(floor.chars, encodingCount(instructions) + encodingCount(minimal.join("\n\n")));
  }
  const feedback =
    input.feedback === undefined ? [] : Array.isArray(input.feedback) ? input.feedback : [input.feedback];
  const state: State = {
    context: admitted.filter((f) => !f.editable),
    feedback: (feedback as AttemptFeedback[]).map(show),
    trimmed: [...notes],
  };
  for (;;) {
    const m = measure(render(task.goal, editable, skipped, state));
    if (fits(m)) {
      // The part sums skip the separators' tokens, so the whole prompt is counted once at the end.
      const text = m.parts.join("\n\n");
      const tokens = encodingCount(instructions) + encodingCount(text);
      if (tokens <= limits.maxInputTokens) {
        return {
          ok: true,
          instructions,
          input: text,
          chars: m.chars,
          tokens,
          trimmed: state.trimmed,
          skipped,
          files: [...editable, ...state.context].map((f) => ({
            path: f.path,
            editable: f.editable,
            chars: f.text?.length ?? 0,
          })),
        };
      }
      if (!trimOnce(state)) return notFit(m.chars, tokens);
      continue;
    }
    if (!trimOnce(state))
      return notFit(m.chars, encodingCount(instructions) + encodingCount(m.parts.join("\n\n")));
  }
}

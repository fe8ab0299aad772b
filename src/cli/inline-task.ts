import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { stringify } from "yaml";
import { InputError } from "../errors.js";
import { ensureLeashExcluded } from "../git/exclude.js";

export interface InlineTaskFlags {
  goal?: string;
  allow?: string[];
  check?: string[];
  intent?: string;
}

/**
 * `leash run --goal … --allow … --check …`: the flags become an ordinary task file under
 * `.leash/tasks/`, loaded and validated like any other, so an inline task has exactly the rules,
 * errors and report of a written one, and can be rerun from that file.
 */
export async function writeInlineTask(
  repoRoot: string,
  cwd: string,
  flags: InlineTaskFlags,
): Promise<string> {
  const goal = flags.goal?.trim();
  if (!goal)
    throw new InputError("cli.inline_goal", "--goal needs the text of what to achieve", {
      hint: 'e.g. leash run --goal "parseDuration(\\"1h30m\\") must return 5400" --allow src/duration.ts --check unit',
    });
  const id = `inline-${slug(goal)}-${Date.now().toString(36)}`;
  const task: Record<string, unknown> = { version: 1, id, goal };
  if (flags.intent) task.intent = flags.intent;
  // Paths on the command line are relative to where the operator stands; task paths to the repo.
  if (flags.allow?.length) task.allowed_files = flags.allow.map((p) => repoPath(repoRoot, cwd, p));
  if (flags.check?.length) task.validators = flags.check;
  // .leash/ is Leash's own state: excluded before the first byte lands there, as a run would.
  await ensureLeashExcluded(repoRoot);
  const dir = join(repoRoot, ".leash", "tasks");
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${id}.yaml`);
  await writeFile(
    file,
    `# written by leash run --goal; rerun with: leash run ${relative(cwd, file)}\n${stringify(task)}`,
  );
  return file;
}

/** The task a run ran, kept beside its report so `show` and reruns have it even if the file changes. */
export async function saveTaskCopy(repoRoot: string, runId: string, taskFile: string): Promise<void> {
  await copyFile(taskFile, join(repoRoot, ".leash", "runs", runId, "task.yaml")).catch(() => undefined);
}

export function hasInlineFlags(flags: InlineTaskFlags): boolean {
  return flags.goal !== undefined || Boolean(flags.allow?.length) || Boolean(flags.check?.length);
}

function repoPath(repoRoot: string, cwd: string, path: string): string {
  const rel = relative(repoRoot, resolve(cwd, path)).split("\\").join("/");
  return rel === "" ? "." : rel;
}

function slug(goal: string): string {
  const words = goal
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return words.slice(0, 24).replace(/-+$/, "") || "task";
}

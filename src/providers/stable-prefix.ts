/** Headings the context builder puts after the goal and the files (context/render-sections.ts). */
const VARYING_HEADINGS = ["\n\n# Previous attempt", "\n\n# Earlier attempt", "\n\n# Notes\n"];

/**
 * Splits the built context into the part that stays the same between attempts of a task (the
 * goal and the files) and the part that changes (feedback, notes), so prompt caches can key on
 * the first. File text is line-numbered, so these headings cannot come from a file.
 */
export function splitStablePrefix(input: string): { stable: string; varying: string } {
  let cut = input.length;
  for (const heading of VARYING_HEADINGS) {
    const at = input.indexOf(heading);
    if (at !== -1 && at < cut) cut = at;
  }
  return { stable: input.slice(0, cut), varying: input.slice(cut).replace(/^\n\n/, "") };
}

/** One stable key per task: retries and escalations of the task share a cache. */
export function promptCacheKey(taskId: string): string {
  return `leash-task-${taskId}`;
}

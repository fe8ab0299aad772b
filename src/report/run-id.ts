import { randomBytes } from "node:crypto";

const MAX_SLUG = 40;

export function slugTaskId(taskId: string): string {
  const slug = taskId
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG)
    .replace(/-+$/, "");
  return slug || "task";
}

/** `20261124-153012-fix-parser-3f2a`: UTC time first so ids sort by start, random tail so two starts in one second differ. */
export function newRunId(taskId: string, now: Date = new Date()): string {
  const iso = now.toISOString();
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  return `${stamp}-${slugTaskId(taskId)}-${randomBytes(2).toString("hex")}`;
}

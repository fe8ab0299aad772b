import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { InputError } from "../../errors.js";
import type { RunReport } from "../report-types.js";
import { renderHtmlReport } from "./render-html.js";

/** Writes the page; a target that is a directory or cannot be written is named with the fix. */
export async function writeHtmlReport(
  file: string,
  report: RunReport,
  options: { undoneAt?: string },
): Promise<string> {
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory())
    throw new InputError("show.html_target", `${file} is a directory`, {
      hint: "give a file name, e.g. run.html",
    });
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, renderHtmlReport(report, options));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new InputError("show.html_write", `cannot write ${file} (${code})`, {
      hint: "choose a path in a directory you can write to",
    });
  }
  return file;
}

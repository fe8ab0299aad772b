import { readFileSync } from "node:fs";
import { PARSE_ONCE } from "../../config/parse-once.js";
import { refuseIfNotRegularFile } from "../../config/regular-file.js";
import { InputError } from "../../errors.js";
import type { ProviderRequest, ProviderResponse, RoleProvider } from "../contract.js";
import type { CassetteEntry } from "./cassette-entry.js";
import { revivedError } from "./cassette-entry.js";
import { cassetteEntrySchema } from "./cassette-schema.js";
import { requestDigest } from "./request-digest.js";

/**
 * Serves a recorded cassette back offline (`--provider fake --replay FILE`), keyed by request
 * digest; the same digest recorded twice is served in recorded order. A miss stops the run
 * (exit 2): the task, prompt or config changed since recording, and guessing would lie.
 */
export function createReplayProvider(file: string): RoleProvider {
  const queues = loadCassette(file);

  async function call(request: ProviderRequest): Promise<ProviderResponse> {
    const digest = requestDigest(request);
    const entry = queues.get(digest)?.shift();
    if (entry === undefined) {
      const known = queues.has(digest) ? " (every recording of it was already served)" : "";
      throw new InputError(
        "replay.miss",
        `no recorded call matches task ${request.taskId} attempt ${request.attempt}, role ${request.role}, model ${request.model}: digest ${digest}${known}`,
        {
          location: { file },
          hint: "The request differs from the recorded run (task, context, config or prompt changed). Record again with `leash run --record FILE`.",
          details: { digest, taskId: request.taskId, attempt: request.attempt },
        },
      );
    }
    if ("error" in entry) throw revivedError(entry.error);
    return entry.response;
  }

  return { name: "fake", simulated: true, call };
}

function loadCassette(file: string): Map<string, CassetteEntry[]> {
  refuseIfNotRegularFile(file, file, "replay.not_a_file", "file written by `leash run --record`");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new InputError("replay.unreadable", `cannot read the replay file: ${(err as Error).message}`, {
      location: { file },
      hint: "Pass a file written by `leash run --record FILE`.",
      cause: err,
    });
  }
  const queues = new Map<string, CassetteEntry[]>();
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const entry = parseLine(line, file, index + 1);
    const queue = queues.get(entry.digest) ?? [];
    queue.push(entry);
    queues.set(entry.digest, queue);
  });
  return queues;
}

function parseLine(line: string, file: string, lineNumber: number): CassetteEntry {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw badLine(file, lineNumber, "this line is not JSON, so not a Leash cassette entry");
  }
  const parsed = cassetteEntrySchema.safeParse(value, PARSE_ONCE);
  if (parsed.success) return parsed.data;
  // A union's issue lists each branch; the deepest path says best what is wrong.
  const paths = parsed.error.issues.flatMap((issue) =>
    issue.code === "invalid_union" ? issue.errors.flat().map((e) => e.path) : [issue.path],
  );
  const deepest = paths.sort((a, b) => b.length - a.length)[0] ?? [];
  const field = deepest.map(String).join(".");
  const what = field ? `: field \`${field}\` is missing or wrong` : "";
  throw badLine(file, lineNumber, `this line is not a Leash cassette entry${what}`, field || undefined);
}

function badLine(file: string, line: number, message: string, field?: string): InputError {
  return new InputError("replay.bad_line", message, {
    location: { file, line, ...(field ? { field } : {}) },
    hint: "Cassettes are JSONL written by `leash run --record FILE`; do not edit them by hand (record again).",
  });
}

import { gitOk } from "./git-call.js";

/**
 * The bytes of many blobs from one `git cat-file --batch`, oid → bytes; an oid git does not have
 * is absent from the map. A rollback used to start one `cat-file blob` per path it restored.
 */
export async function readBlobs(repoRoot: string, oids: string[]): Promise<Map<string, Buffer>> {
  const wanted = [...new Set(oids)];
  const out = new Map<string, Buffer>();
  if (wanted.length === 0) return out;
  const stdout = await gitOk(["cat-file", "--batch"], { cwd: repoRoot, stdin: `${wanted.join("\n")}\n` });
  let at = 0;
  for (const oid of wanted) {
    const eol = stdout.indexOf(0x0a, at);
    if (eol === -1) break;
    const header = stdout.subarray(at, eol).toString("utf8");
    at = eol + 1;
    // "<oid> <type> <size>", or "<oid> missing" (also "ambiguous" for a short name, never sent).
    const m = /^([0-9a-f]+) (\S+) (\d+)$/.exec(header);
    if (!m) continue;
    const size = Number(m[3]);
    if (m[2] === "blob" && m[1] === oid) out.set(oid, Buffer.from(stdout.subarray(at, at + size)));
    at += size + 1;
  }
  return out;
}

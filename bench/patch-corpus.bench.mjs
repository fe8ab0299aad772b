// How many of the corpus diffs (test/fixtures/patches) each tool applies, and whether the tree it
// leaves is the intended one: Leash's pipeline vs `git apply`, `git apply --recount
// --ignore-whitespace` and GNU `patch` (default fuzz). The intended tree is `expected/`, or the
// untouched `input/` where the case is a refusal; a partial apply counts as a wrong tree.
// Only the parse/repair/apply classes are compared (the safety classes — paths outside the repo,
// symlinks, modes — are Leash's refusals, not a fair race, and other tools would write outside).
// `node bench/patch-corpus.bench.mjs --dir DIR` runs another corpus of the same layout.
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyPatch } from "../dist/patch/apply-patch.js";
import { preparePatch } from "../dist/patch/prepare-patch.js";

const args = process.argv.slice(2);
const dirArg = args.indexOf("--dir");
const ROOT = dirArg >= 0 ? args[dirArg + 1] : join(import.meta.dirname, "..", "test", "fixtures", "patches");
const POLICY = {
  allowedGlobs: ["**"],
  forbiddenGlobs: [],
  maxPatchBytes: 200_000,
  maxFiles: 10,
  maxHunks: 30,
};
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "b",
  GIT_AUTHOR_EMAIL: "b@x",
  GIT_COMMITTER_NAME: "b",
  GIT_COMMITTER_EMAIL: "b@x",
};
const hasPatch = spawnSync("patch", ["--version"]).status === 0;

function readTree(dir, rel = "", out = {}) {
  if (!existsSync(join(dir, rel))) return out;
  for (const name of readdirSync(join(dir, rel)).sort()) {
    if (rel === "" && name === ".git") continue;
    const p = rel ? `${rel}/${name}` : name;
    const st = lstatSync(join(dir, p));
    if (st.isSymbolicLink()) out[p] = `symlink -> ${readlinkSync(join(dir, p))}`;
    else if (st.isDirectory()) readTree(dir, p, out);
    else out[p] = readFileSync(join(dir, p)).toString("base64");
  }
  return out;
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function makeRepo(caseDir) {
  const root = mkdtempSync(join(tmpdir(), "leash-corpus-"));
  cpSync(join(caseDir, "input"), root, { recursive: true });
  const git = (...a) => execFileSync("git", a, { cwd: root, env: ENV, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  git("config", "core.autocrlf", "false");
  git("add", "-A");
  git("commit", "-q", "-m", "input", "--allow-empty");
  return root;
}

const TOOLS = {
  leash: async (root, patchText, policy) => {
    const prepared = await preparePatch(
      { kind: "unified_diff", unifiedDiff: patchText },
      { repoRoot: root, policy: { ...POLICY, ...policy } },
    );
    if (!prepared.ok) return false;
    const r = await applyPatch({
      repoRoot: root,
      diffText: prepared.diffText,
      patch: prepared.patch,
      rollback: async () => {
        execFileSync("git", ["checkout", "-q", "--", "."], { cwd: root });
        execFileSync("git", ["clean", "-qfd"], { cwd: root });
      },
    });
    return r.ok;
  },
  "git apply": (root, patchText) =>
    spawnSync("git", ["apply", "-"], { cwd: root, input: patchText }).status === 0,
  "git apply --recount --ignore-whitespace": (root, patchText) =>
    spawnSync("git", ["apply", "--recount", "--ignore-whitespace", "-"], { cwd: root, input: patchText })
      .status === 0,
  ...(hasPatch
    ? {
        "GNU patch -p1": (root, patchText) =>
          spawnSync("patch", ["-p1", "--batch", "--forward", "--no-backup-if-mismatch", "-r", "-", "-s"], {
            cwd: root,
            input: patchText,
          }).status === 0,
      }
    : {}),
};

const cases = readdirSync(ROOT)
  .filter((n) => dirArg >= 0 || /^\d+_(parse|repair|ok|check)_/.test(n))
  .filter(
    (n) =>
      existsSync(join(ROOT, n, "patch.txt")) &&
      existsSync(join(ROOT, n, "input")) &&
      !existsSync(join(ROOT, n, "setup.json")),
  )
  .sort();
const totals = Object.fromEntries(
  Object.keys(TOOLS).map((t) => [t, { applied: 0, correct: 0, wrong: 0, refused: 0, wrongCases: [] }]),
);
let intendedApply = 0;
for (const name of cases) {
  const dir = join(ROOT, name);
  const patchText = readFileSync(join(dir, "patch.txt"), "utf8");
  const expectedDir = existsSync(join(dir, "expected")) ? join(dir, "expected") : join(dir, "input");
  const intended = readTree(expectedDir);
  if (existsSync(join(dir, "expected"))) intendedApply++;
  for (const [tool, run] of Object.entries(TOOLS)) {
    const root = makeRepo(dir);
    try {
      const policyFile = join(dir, "policy.json");
      const policy = existsSync(policyFile) ? JSON.parse(readFileSync(policyFile, "utf8")) : {};
      const ok = await run(root, patchText, policy);
      const tree = readTree(root);
      const t = totals[tool];
      if (ok) t.applied++;
      else t.refused++;
      if (same(tree, intended)) {
        if (ok && existsSync(join(dir, "expected"))) t.correct++;
      } else if (!same(tree, readTree(join(dir, "input")))) {
        // A refusal leaves the input untouched; a wrong tree is one the tool actually changed.
        t.wrong++;
        t.wrongCases.push(name);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
}

console.log(`corpus: ${ROOT}`);
console.log(
  `${cases.length} diffs (${intendedApply} should apply, ${cases.length - intendedApply} should be refused)${hasPatch ? "" : "; GNU patch not installed"}`,
);
console.log("tool                                       applied  intended tree  wrong tree  refused");
for (const [tool, t] of Object.entries(totals)) {
  console.log(
    `${tool.padEnd(42)} ${String(t.applied).padStart(7)}  ${String(t.correct).padStart(13)}  ${String(t.wrong).padStart(10)}  ${String(t.refused).padStart(7)}`,
  );
}
for (const [tool, t] of Object.entries(totals)) {
  if (t.wrongCases.length > 0) console.log(`  ${tool} left a wrong tree on: ${t.wrongCases.join(", ")}`);
}
const leash = totals.leash;
const others = Object.entries(totals).filter(([k]) => k !== "leash");
const bestOther = Math.max(...others.map(([, t]) => t.correct));
console.log(
  `Leash wrong trees: ${leash.wrong}; intended trees: Leash ${leash.correct} vs best other ${bestOther}`,
);

// Scoped context (issue #16): input tokens and projected cost per attempt for one fix in a large
// module, whole file vs a declared symbol region vs automatic scoping, as `leash plan` (the run's
// own code) projects them; then the parser's load time per language and outline time per file.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { stringify } from "yaml";
import { listDefinitions } from "../dist/outline/definitions.js";
import { LEASH_BIN } from "./lib/leash-cli.mjs";
import { makeBenchRepo } from "./lib/repo.mjs";
import { median, ms, table, usd } from "./lib/stats.mjs";

const RUNS = Number(process.env.LEASH_BENCH_RUNS ?? 5);

/** A module of `lines` lines: small functions around one class whose method holds the bug. */
function pythonModule(lines) {
  const out = ['"""Generated for the regions bench."""', ""];
  for (let n = 0; out.length < lines / 2; n++) out.push(`def step_${n}(x):`, `    return x + ${n}`, "", "");
  out.push("class Option:", "    def pieces(self):", "        return [self.name]", "", "");
  for (let n = 0; out.length < lines; n++) out.push(`def after_${n}(x):`, `    return x * ${n}`, "", "");
  return `${out.join("\n")}\n`;
}

function typescriptModule(lines) {
  const out = ["// Generated for the regions bench.", ""];
  for (let n = 0; out.length < lines / 2; n++)
    out.push(`export function step${n}(x: number): number {`, `  return x + ${n};`, "}", "");
  out.push(
    "export class Panel {",
    "  area(w: number, h: number): number {",
    "    return w + h;",
    "  }",
    "}",
    "",
  );
  for (let n = 0; out.length < lines; n++)
    out.push(`export const after${n} = (x: number): number => x * ${n};`, "");
  return `${out.join("\n")}\n`;
}

function plan(root, task) {
  const r = spawnSync(process.execPath, [LEASH_BIN, "plan", "--json", task], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`leash plan ${task} exited ${r.status}:\n${r.stderr}`);
  return JSON.parse(r.stdout).plan;
}

const repo = makeBenchRepo("leash-bench-regions-");
try {
  const py = pythonModule(4000);
  const ts = typescriptModule(3000);
  repo.write("core.py", py);
  repo.write("panel.ts", ts);
  const roomy = { max_context_chars_per_call: 2_000_000, max_input_tokens_per_call: 1_000_000 };
  const config = (limits) =>
    stringify({
      version: 1,
      baseline: "skip",
      limits,
      commands: { ok: { argv: ["git", "--version"], timeout_s: 30 } },
    });
  const task = (name, goal, allowed) =>
    repo.write(
      `tasks/${name}.yaml`,
      stringify({ version: 1, goal, intent: "bugfix", allowed_files: [allowed], validators: ["ok"] }),
    );
  task("py-whole", "Option.pieces must list the name twice", "core.py");
  task("py-region", "Option.pieces must list the name twice", {
    path: "core.py",
    symbols: ["Option.pieces"],
  });
  task("ts-whole", "Panel.area must multiply", "panel.ts");
  task("ts-region", "Panel.area must multiply", { path: "panel.ts", symbols: ["Panel.area"] });
  repo.write("leash.yaml", config(roomy));
  repo.commitAll("initial");

  const rows = [];
  const row = (label, p) =>
    rows.push([label, p.estimatedInputTokens.toLocaleString("en-US"), usd(p.perAttemptUsd)]);
  row("core.py (4,000 lines), whole file", plan(repo.root, "tasks/py-whole.yaml"));
  row("core.py, symbol region Option.pieces", plan(repo.root, "tasks/py-region.yaml"));
  row("panel.ts (3,000 lines), whole file", plan(repo.root, "tasks/ts-whole.yaml"));
  row("panel.ts, symbol region Panel.area", plan(repo.root, "tasks/ts-region.yaml"));
  // Limits that the whole files cannot meet: Leash scopes them itself.
  repo.write("leash.yaml", config({ max_context_chars_per_call: 20_000, max_input_tokens_per_call: 6_000 }));
  repo.commitAll("tight limits");
  row("core.py, automatic scoping (limits 20,000 chars)", plan(repo.root, "tasks/py-whole.yaml"));
  row("panel.ts, automatic scoping (limits 20,000 chars)", plan(repo.root, "tasks/ts-whole.yaml"));
  console.log("input per attempt, as `leash plan` projects it (model and tier of the routed role)");
  console.log(table(["task", "input tokens", "projected cost"], rows));

  // Cold: a fresh process, so the WebAssembly runtime and the grammar load are included.
  const cold = (file) => {
    const code = `const t=performance.now();const {listDefinitions}=await import(${JSON.stringify(join(import.meta.dirname, "../dist/outline/definitions.js"))});await listDefinitions(${JSON.stringify(file)}, "x = 1\\n");console.log(performance.now()-t)`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
    return Number(r.stdout.trim());
  };
  const warm = async (file, text) => {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await listDefinitions(file, text);
      times.push(performance.now() - t);
    }
    return median(times);
  };
  await listDefinitions("warm.py", "x = 1\n");
  await listDefinitions("warm.ts", "const x = 1;\n");
  console.log(
    `\n${table(
      ["parser", "load (cold process)", "outline of the bench file (warm)"],
      [
        [
          "Python",
          ms(median(Array.from({ length: RUNS }, () => cold("a.py")))),
          ms(await warm("core.py", py)),
        ],
        [
          "TypeScript",
          ms(median(Array.from({ length: RUNS }, () => cold("a.ts")))),
          ms(await warm("panel.ts", ts)),
        ],
      ],
    )}`,
  );
} finally {
  rmSync(repo.root, { recursive: true, force: true });
}

// Budget guard figures: ledger reservations/s (1 process, and 4 processes on one file) and
// estimator tokens/s on a 1 MB source file. Runs against the built dist/.
import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLedger } from "../dist/budget/ledger/open.js";
import { countTokens, estimateRequestTokens } from "../dist/budget/tokens.js";
import { benchReservation } from "./lib/reservation.mjs";

const PER_WORKER = 1000;

async function reserveMany(path, worker, n) {
  const ledger = await openLedger(path, { busyTimeoutMs: 60_000 });
  for (let i = 0; i < n; i++) {
    const r = await ledger.reserve(benchReservation(worker, i));
    if (!r.ok) throw new Error("unexpected refusal");
  }
  await ledger.close();
}

// A forked worker: open, wait for the start signal, reserve, exit.
if (process.argv[2] === "worker") {
  const [, , , path, worker] = process.argv;
  const ledger = await openLedger(path);
  await ledger.close();
  await new Promise((go) => {
    process.once("message", go);
    process.send("ready");
  });
  await reserveMany(path, worker, PER_WORKER);
  process.disconnect();
} else {
  const dir = mkdtempSync(join(tmpdir(), "leash-bench-"));
  try {
    const single = join(dir, "single.sqlite");
    (await openLedger(single)).close();
    const t0 = performance.now();
    await reserveMany(single, "solo", PER_WORKER * 2);
    const s1 = (performance.now() - t0) / 1000;
    console.log(
      `ledger reserve, 1 process: ${((PER_WORKER * 2) / s1).toFixed(0)} reservations/s (n=${PER_WORKER * 2}, WAL, synchronous=FULL)`,
    );

    const shared = join(dir, "shared.sqlite");
    (await openLedger(shared)).close();
    const workers = [0, 1, 2, 3].map((w) => fork(import.meta.filename, ["worker", shared, String(w)]));
    let ready = 0;
    let started = 0;
    await new Promise((allReady) => {
      for (const w of workers) {
        w.on("message", () => {
          if (++ready === workers.length) allReady();
        });
      }
    });
    started = performance.now();
    const done = Promise.all(workers.map((w) => new Promise((exit) => w.once("exit", exit))));
    for (const w of workers) w.send("go");
    const codes = await done;
    const s4 = (performance.now() - started) / 1000;
    if (codes.some((c) => c !== 0)) throw new Error(`a worker failed: ${codes}`);
    console.log(
      `ledger reserve, 4 processes on one file: ${((PER_WORKER * 4) / s4).toFixed(0)} reservations/s in total (n=${PER_WORKER * 4})`,
    );

    const source = oneMegabyteOfSource();
    // Loading the encoding tables is a one-off cost; time the counting itself.
    countTokens("warm up", "o200k_base");
    const t1 = performance.now();
    const tokens = countTokens(source, "o200k_base");
    const s5 = (performance.now() - t1) / 1000;
    console.log(
      `estimator, o200k_base on a ${(source.length / 1e6).toFixed(2)} MB source file: ${tokens} tokens in ${s5.toFixed(2)} s = ${(tokens / s5 / 1e3).toFixed(0)}k tokens/s`,
    );
    const t2 = performance.now();
    estimateRequestTokens(
      { instructions: "Propose a patch.", input: source, schemaText: "{}" },
      "o200k_base",
    );
    console.log(`estimateRequestTokens on the same file: ${((performance.now() - t2) / 1000).toFixed(2)} s`);
    // One pre-token 128 KB long (lowercase letters without a break, as in a generated file):
    // BPE alone is quadratic in it (gpt-tokenizer takes ≈ 10 s).
    let x = 7;
    const run = Array.from({ length: 128_000 }, () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return "etaoinshrdlu"[x % 12];
    }).join("");
    const t3 = performance.now();
    const runTokens = countTokens(run, "o200k_base");
    console.log(
      `estimator, o200k_base on a 128 KB run of lowercase letters: ${runTokens} tokens in ${((performance.now() - t3) / 1000).toFixed(3)} s (counted in 512-char pieces, src/budget/long-runs.ts)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The first 1 MB of TypeScript's own compiler source: real, varied code, so the tokenizer's
 * merge cache gets no help from repetition.
 */
function oneMegabyteOfSource() {
  const file = join(import.meta.dirname, "..", "node_modules", "typescript", "lib", "typescript.js");
  return readFileSync(file, "utf8").slice(0, 1_000_000);
}

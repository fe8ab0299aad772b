// Build step: data/defaults.yaml as JSON in dist/defaults.json, with the hash of the YAML it came
// from, so a run reads the defaults without parsing YAML (src/config/defaults.ts ignores the file
// when the hash no longer matches the YAML beside it).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const root = join(import.meta.dirname, "..");
const text = readFileSync(join(root, "data", "defaults.yaml"), "utf8");
const sha256 = createHash("sha256").update(text).digest("hex");
writeFileSync(join(root, "dist", "defaults.json"), `${JSON.stringify({ sha256, value: parse(text) })}\n`);

// Build step: data/defaults.yaml as JSON in dist/defaults.json, with the hash of the YAML it came
// from, so a run reads the defaults without parsing YAML. The paths, the hash and the parse are
// src/config/defaults.ts's own (from tsc's output, which the build has just written): the reader
// and the writer cannot disagree on what a matching cache is.
import { readFileSync, writeFileSync } from "node:fs";
import { DEFAULTS_CACHE, DEFAULTS_FILE, defaultsHash, parseDefaultsText } from "../dist/config/defaults.js";

const text = readFileSync(DEFAULTS_FILE, "utf8");
writeFileSync(DEFAULTS_CACHE, `${JSON.stringify({ sha256: defaultsHash(text), value: parseDefaultsText(text) })}\n`);

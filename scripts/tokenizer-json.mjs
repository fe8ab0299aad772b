// Build step: gpt-tokenizer's merge tables as JSON in dist/tokenizer/, which a run reads faster
// than the package's own JavaScript literal (src/budget/tokenizer-tables.ts). The writer is that
// module's own (from tsc's output, which the build has just written), and every file is read back
// and compared with the package's tables before the build goes on: a table that does not survive
// the round trip exactly fails the build rather than miscounting a budget.
import { isDeepStrictEqual } from "node:util";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { packageRanks, TABLE_ENCODINGS, tablesFile, tablesJson } from "../dist/budget/tokenizer-tables.js";

for (const encoding of TABLE_ENCODINGS) {
  const file = tablesFile(encoding);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, tablesJson(encoding));
  const back = JSON.parse(readFileSync(file, "utf8")).ranks;
  if (!isDeepStrictEqual(back, packageRanks(encoding))) {
    console.error(`tokenizer-json: ${file} does not read back as gpt-tokenizer's ${encoding} tables`);
    process.exit(1);
  }
}

// Writes schema/leash.schema.json from the built config schema. Run after `npm run build`.
import { writeFileSync } from "node:fs";
import { configJsonSchemaText } from "../dist/config/json-schema.js";

const target = new URL("../schema/leash.schema.json", import.meta.url);
writeFileSync(target, configJsonSchemaText());
process.stdout.write(`wrote ${target.pathname}\n`);

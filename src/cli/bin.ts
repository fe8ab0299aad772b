#!/usr/bin/env node
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { useCompileCache } from "./compile-cache.js";

/**
 * The `leash` bin: the compile cache first, so every chunk the command loads after it comes from
 * V8's cache (compile-cache.ts), then the CLI itself.
 */
useCompileCache(dirname(fileURLToPath(import.meta.url)));
void import("./main.js");

// The target of the dollars comparison: a small calculator package with a real `node --test`
// suite (so failing validators print real, full output) and a seeded bug in add().
import { stringify } from "yaml";
import { diffFor, ROOMY_BUDGET } from "./target.mjs";

const fn = (name, body) => `export function ${name}(a, b) {\n${body}\n}\n`;

export const CALC = {
  add: "  return a - b;",
  sub: "  return a - b;",
  mul: "  return a * b;",
  div: '  if (b === 0) throw new RangeError("division by zero");\n  return a / b;',
};

export function calcSource(parts = {}) {
  const p = { ...CALC, ...parts };
  return ["add", "sub", "mul", "div"].map((name) => fn(name, p[name])).join("\n");
}

/** A diff of src/calc.js from the seeded source to one with the given bodies replaced. */
export const calcDiff = (parts) => diffFor(calcSource(), calcSource(parts), "src/calc.js");

const TEST = `import { test } from "node:test";
import assert from "node:assert/strict";
import { add, div, mul, sub } from "../src/calc.js";

test("adds", () => {
  assert.equal(add(2, 3), 5);
  assert.equal(add(-4, 4), 0);
});

test("subtracts", () => {
  assert.equal(sub(7, 2), 5);
});

test("multiplies", () => {
  assert.equal(mul(6, 7), 42);
});

test("divides", () => {
  assert.equal(div(9, 3), 3);
  assert.throws(() => div(1, 0), RangeError);
});
`;

function formatModule() {
  const lines = ["// Number formatting for the calculator's command line.", ""];
  for (const [name, digits] of [
    ["fixed", 2],
    ["money", 2],
    ["percent", 1],
    ["ratio", 4],
    ["short", 0],
    ["long", 6],
  ]) {
    lines.push(
      `/** Formats n with ${digits} digit(s) after the point; NaN and infinities become a dash. */`,
      `export function ${name}(n) {`,
      '  if (!Number.isFinite(n)) return "-";',
      `  const text = n.toFixed(${digits});`,
      '  return text.startsWith("-0") && Number(text) === 0 ? text.slice(1) : text;',
      "}",
      "",
    );
  }
  return `${lines.join("\n")}\n`;
}

export function calcFiles(leashConfig, task) {
  return {
    "package.json": '{ "name": "calc", "type": "module" }\n',
    "src/calc.js": calcSource(),
    "src/format.js": formatModule(),
    "test/calc.test.js": TEST,
    "leash.yaml": stringify({
      version: 1,
      budget: ROOMY_BUDGET,
      commands: { unit: { argv: ["node", "--test"], timeout_s: 60 } },
      ...leashConfig,
    }),
    "tasks/task.yaml": stringify({
      version: 1,
      goal: "add(a, b) must return the sum of a and b; add(2, 3) returns -1 instead of 5.",
      intent: "bugfix",
      allowed_files: ["src/calc.js"],
      context_files: ["src/format.js", "test/calc.test.js"],
      validators: ["unit"],
      ...task,
    }),
  };
}

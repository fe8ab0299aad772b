import assert from "node:assert/strict";
import { test } from "node:test";
import { clamp } from "../src/clamp.js";

test("clamps below, inside and above", () => {
  assert.equal(clamp(-5, 0, 10), 0);
  assert.equal(clamp(5, 0, 10), 5);
  assert.equal(clamp(50, 0, 10), 10);
});

test("refuses an empty range", () => {
  assert.throws(() => clamp(1, 10, 0), RangeError);
});

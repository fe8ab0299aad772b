import assert from "node:assert/strict";
import { test } from "node:test";
import { mean, median } from "../src/stats.js";

test("mean of a few numbers", () => {
  assert.equal(mean([1, 2, 3, 4]), 2.5);
});

test("median sorts numerically, not as text", () => {
  assert.equal(median([10, 9, 2]), 9);
  assert.equal(median([1, 100, 20, 3]), 11.5);
});

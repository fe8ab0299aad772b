import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDuration } from "../src/duration.js";

test("hours and minutes add up", () => {
  assert.equal(parseDuration("1h30m"), 5400);
});

test("seconds alone", () => {
  assert.equal(parseDuration("45s"), 45);
});

test("all three units", () => {
  assert.equal(parseDuration("2h5m10s"), 7510);
});

test("rejects garbage", () => {
  assert.throws(() => parseDuration("soon"));
  assert.throws(() => parseDuration(""));
});

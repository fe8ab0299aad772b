import { describe, expect, it } from "vitest";
import { closestName, editDistance, suggestName } from "../../src/config/did-you-mean.js";

describe("did you mean", () => {
  it("measures edit distance", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("suggests the closest known name only when it is a plausible typo", () => {
    expect(closestName("max_patch_byte", ["max_patch_bytes", "max_hunks_per_patch"])).toBe("max_patch_bytes");
    expect(closestName("comands", ["commands", "roles"])).toBe("commands");
    expect(closestName("zzzzzz", ["commands", "roles"])).toBeUndefined();
  });

  it("falls back to the list of known names", () => {
    expect(suggestName("xyz", ["unit", "lint"], "commands")).toBe("known commands: unit, lint");
    expect(suggestName("xyz", [], "commands")).toBe("there are no commands to choose from yet");
  });
});

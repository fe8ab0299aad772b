import { describe, expect, it } from "vitest";
import { scrubEnv } from "../../src/exec/env-scrub.js";

describe("scrubEnv", () => {
  it("drops secret-looking names case-insensitively, keeps env_pass names, applies extras last", () => {
    const env = scrubEnv(
      {
        OPENAI_API_KEY: "a",
        github_token: "b",
        Aws_Secret: "c",
        PGPASSWORD: "keep",
        X_PASSWORD: "d",
        NPM_TOKEN: "e",
        HOME: "/h",
        KEYBOARD: "k",
      },
      ["npm_token"],
      { HOME: "/override" },
    );
    expect(env).toEqual({ PGPASSWORD: "keep", NPM_TOKEN: "e", HOME: "/override", KEYBOARD: "k" });
  });
});

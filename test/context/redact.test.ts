import { describe, expect, it } from "vitest";
import { condenseValidatorOutput } from "../../src/context/condense-output.js";
import { numberLines } from "../../src/context/number-lines.js";
import { redactSecrets } from "../../src/context/redact.js";

const SECRETS: [string, string, string][] = [
  ["OpenAI key", "key is sk-proj-AbCdEfGhIjKlMnOpQrStUv123", "sk-proj-AbCdEf"],
  ["bearer", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc", "eyJhbGci"],
  ["AWS", "aws AKIAIOSFODNN7EXAMPLE here", "IOSFODNN7EXAMPLE"],
  ["*_KEY=", "STRIPE_API_KEY=rk_live_123456", "rk_live_123456"],
  ["*_TOKEN:", "GITHUB_TOKEN: 'abc def'", "abc def"],
  ["github", "token ghp_abcdefghijklmnopqrstuvwxyz0123", "ghp_abcdefghijklmnopqrstuvwxyz0123"],
  [
    "PEM",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----",
    "MIIEowIBAAKCAQEA",
  ],
];

describe("redactSecrets", () => {
  for (const [name, text, secret] of SECRETS) {
    it(`removes ${name}`, () => {
      const out = redactSecrets(text);
      expect(out).not.toContain(secret);
      expect(out).toContain("REDACTED");
    });
  }

  it("leaves ordinary text alone", () => {
    const text = "expected 3600 to be 5400 at src/duration.ts:3:10; task-key is fine";
    expect(redactSecrets(text)).toBe(text);
  });
});

describe("condenseValidatorOutput", () => {
  it("strips colours, keeps head, tail and failure lines once", () => {
    const raw = [
      "\u001b[31mhead\u001b[39m",
      ...Array.from({ length: 50 }, (_, i) => `ok ${i}`),
      "\u001b[31m × parse > hours\u001b[39m",
      " × parse > hours",
      ...Array.from({ length: 50 }, (_, i) => `ok tail ${i}`),
    ].join("\n");
    const out = condenseValidatorOutput(raw, { headLines: 1, tailLines: 2 });
    expect(out.split("\n")).toEqual([
      "head",
      "[… 50 lines omitted …]",
      " × parse > hours",
      "[… 49 lines omitted …]",
      "ok tail 48",
      "ok tail 49",
    ]);
  });
});

describe("numberLines", () => {
  it("numbers lines with a fixed width and marks a missing final newline", () => {
    expect(numberLines("a\nb\n")).toBe("   1| a\n   2| b");
    expect(numberLines("a")).toBe("   1| a\n\\ No newline at end of file");
    expect(numberLines("x\n".repeat(10000)).split("\n")[9999]).toBe("10000| x");
  });
});

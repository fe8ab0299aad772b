import { describe, expect, it } from "vitest";
import { createSecretScanner, exactSecrets } from "../../src/secrets/index.js";
import { benignLike, makeFakeSecrets } from "./fake-secrets.js";

const secrets = makeFakeSecrets();
const env: Record<string, string> = {};
for (const s of secrets) if (s.where === "env") env[s.place] = s.content;

describe("the secret scanner", () => {
  it("knows at least 30 real-world shapes", () => {
    expect(new Set(secrets.map((s) => s.shape)).size).toBeGreaterThanOrEqual(30);
  });

  for (const s of secrets) {
    it(`replaces ${s.shape} with a typed placeholder`, async () => {
      const scanner = createSecretScanner({ exact: exactSecrets(env, ["OPENAI_API_KEY"]) });
      const text = s.where === "env" ? `${s.place}=${s.content}\n` : `$ cat ${s.place}\n${s.content}`;
      const r = await scanner.scan(text, "test");
      for (const v of s.values) expect(r.text).not.toContain(v);
      expect(r.count).toBeGreaterThan(0);
      expect(r.text).toMatch(/\[REDACTED [^\]]+\]/);
      expect(scanner.summary().redacted).toBe(r.count);
    });
  }

  it("leaves a password already masked alone (Leash prints ledger URLs as user:***@host)", async () => {
    const scanner = createSecretScanner({ exact: [] });
    const text = "the ledger at postgres://leash:***@127.0.0.1:5432/team cannot be reached";
    expect((await scanner.scan(text, "test")).text).toBe(text);
  });

  it("finds the env-only values by shape too, without the exact check", async () => {
    const scanner = createSecretScanner({ exact: [] });
    const shaped = secrets.filter((s) => s.where === "env" && s.place !== "INTERNAL_DEPLOY_SECRET");
    for (const s of shaped) {
      const r = await scanner.scan(`${s.place}=${s.content}`, "test");
      for (const v of s.values) expect(r.text, s.shape).not.toContain(v);
    }
  });

  it("catches a scrubbed variable's value and the provider key by exact value, whatever their shape", async () => {
    const plain = "Zq8PlainLookingValue42";
    const key = "kx7ProviderKeyNoPrefix99";
    const scanner = createSecretScanner({
      exact: exactSecrets({ DEPLOY_PASSWORD: plain, LLM_CREDENTIAL: key, SHORT_TOKEN: "abc" }, [
        "LLM_CREDENTIAL",
      ]),
    });
    const r = await scanner.scan(`a ${plain} b ${key} c abc`, "test");
    expect(r.text).toBe("a [REDACTED value of $DEPLOY_PASSWORD] b [REDACTED provider API key] c abc");
  });

  it("leaves benign output of the same length unchanged, and is idempotent", async () => {
    const scanner = createSecretScanner({ exact: exactSecrets(env, ["OPENAI_API_KEY"]) });
    for (const s of secrets) {
      const benign = benignLike(s.content.length);
      expect((await scanner.scan(benign, "test")).text).toBe(benign);
    }
    const once = (await scanner.scan(secrets.map((s) => s.content).join("\n"), "test")).text;
    expect((await scanner.scan(once, "test")).text).toBe(once);
    expect(scanner.redactKnown(once)).toBe(once);
  });

  it("does not look for a plain word again: one false positive does not spread to every later text", async () => {
    const scanner = createSecretScanner({ exact: [] });
    expect((await scanner.scan("a secret: anything quoted", "test")).count).toBe(1);
    expect((await scanner.scan("before anything else", "test")).count).toBe(0);
    expect(scanner.redactKnown("before anything else")).toBe("before anything else");
    const joined = await scanner.scanMany(["token: whatever", "whatever you do"], "test");
    expect(joined.map((r) => r.count)).toEqual([1, 0]);
  });

  it("remembers what the ruleset found, for the synchronous pass of the sinks", async () => {
    const scanner = createSecretScanner({ exact: [] });
    const s = secrets.find((x) => x.shape === "npm legacy token in .npmrc");
    const value = s?.values[0] as string;
    await scanner.scan(s?.content as string, "test");
    expect(scanner.redactKnown(`later: ${value}`)).toBe("later: [REDACTED npm token]");
  });

  it("leaves source code that names a secret without holding one unchanged", async () => {
    const scanner = createSecretScanner({ exact: [] });
    const code = [
      "const password = getPassword(user);",
      "interface Login { password: string; token: Token | undefined }",
      "  api_key: process.env.API_KEY,",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell template, as a .env.sample holds it
      "API_KEY=${API_KEY}",
      'password = os.environ["DB_PASSWORD"]',
      "secret_key = settings.SECRET_KEY",
      'auth_token: "<your token here>"',
      "client_secret = clientSecret",
      "  ✓ refreshes the token when it expires (12 ms)",
      '"integrity": "sha512-egdyZlydr2KLPBUB2GXEfm3Nl84RS4LKvoJkQ3/Je1JFSNypHrUUovJq7lBOgGVWG1sPuoxg20PBz5V8gg5Png=="',
      "commit 3b6e3d9a1f0c2e4d5b6a7980c1d2e3f4a5b6c7d8 (HEAD -> main)",
      "postgres://localhost:5432/app_test",
      "write postgres://USER:PASSWORD@HOST:PORT/DATABASE, or remove it",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell template in a README
      "git clone https://ci:${GITHUB_TOKEN}@github.com/acme/app.git",
      "redis://:<password>@cache:6379/0",
      "mysql://root:your_password@localhost/shop",
      "amqp://guest:xxxx@rabbit:5672",
      'const code = missing ? "missing_key" : "wrong_type";',
    ].join("\n");
    expect((await scanner.scan(code, "test")).text).toBe(code);
  });

  it("still replaces literal values assigned to secret-looking names", async () => {
    const scanner = createSecretScanner({ exact: [] });
    for (const line of [
      'password = "hunter2hunter2"',
      "DB_PASSWORD=Zx81kqPw0mLr",
      "client_secret: kQ7vB2nX9wLp4sT1",
      "token=AbCdEfGhIjKlMnOpQrStUv",
    ]) {
      const r = await scanner.scan(line, "test");
      expect(r.count, line).toBe(1);
      expect(r.text, line).toMatch(/\[REDACTED [^\]]+\]"?$/);
    }
  });

  it("replaces a password in a URL unless it is the placeholder word itself or a template", async () => {
    const scanner = createSecretScanner({ exact: [] });
    for (const [line, password] of [
      ["postgres://app:Zx81kqPw0mLr@db.internal:5432/app", "Zx81kqPw0mLr"],
      ["https://deploy:password1@git.internal/acme.git", "password1"],
      ["mysql://root:PASSWORD_2024@localhost/shop", "PASSWORD_2024"],
    ] as const) {
      const r = await scanner.scan(line, "test");
      expect(r.count, line).toBe(1);
      expect(r.text, line).not.toContain(password);
    }
  });
});

describe("the ruleset's cost over many scans", () => {
  it("leaves no performance marks behind (secretlint's profiler is switched off)", async () => {
    const { performance } = await import("node:perf_hooks");
    const scanner = createSecretScanner({ exact: [] });
    performance.clearMarks();
    for (let i = 0; i < 20; i++) await scanner.scan(`line ${i} with nothing secret\n`, "test");
    expect(performance.getEntriesByType("mark")).toHaveLength(0);
  });
});

describe("scanMany: many texts in one pass of the ruleset", () => {
  const corpus = () => [
    ...secrets.map((s) =>
      s.where === "env" ? `${s.place}=${s.content}\n` : `$ cat ${s.place}\n${s.content}`,
    ),
    "a line with nothing secret in it",
    "abc",
    "",
    ...secrets.slice(0, 5).map((s) => `echoed later: ${s.values[0]}`),
  ];

  it("gives what scanning each text on its own gives, and the same totals", async () => {
    const texts = corpus();
    const alone = createSecretScanner({ exact: exactSecrets(env, ["OPENAI_API_KEY"]) });
    const expected = [];
    for (const t of texts) expected.push((await alone.scan(t, "test")).text);
    const many = createSecretScanner({ exact: exactSecrets(env, ["OPENAI_API_KEY"]) });
    const got = (await many.scanMany(texts, "test")).map((r) => r.text);
    for (const [i, t] of got.entries()) {
      for (const s of secrets) for (const v of s.values) expect(t, `text ${i}`).not.toContain(v);
    }
    expect(got).toEqual(expected);
    expect(many.summary()).toEqual(alone.summary());
  });

  it("finds a value a rule saw by its context in an earlier text where it stands bare later", async () => {
    const value = "Vb83kLmq29ZxTr";
    const scanner = createSecretScanner({ exact: [] });
    const [first, later] = await scanner.scanMany(
      [`password = "${value}"`, `retrying with ${value} now`],
      "t",
    );
    expect(first?.text).not.toContain(value);
    expect(later?.text).toMatch(/^retrying with \[REDACTED [^\]]+\] now$/);
  });

  it("a private key split over two texts: what scanning each alone gives", async () => {
    const key = secrets.find((s) => s.shape === "RSA private key");
    if (!key) throw new Error("the fake corpus has a private key");
    const cut = key.content.indexOf("\n", 40);
    const [begin, end] = [key.content.slice(0, cut), key.content.slice(cut + 1)];
    const scanner = createSecretScanner({ exact: [] });
    const alone = createSecretScanner({ exact: [] });
    const got = await scanner.scanMany([begin, end], "t");
    expect(got.map((r) => r.text)).toEqual([
      (await alone.scan(begin, "t")).text,
      (await alone.scan(end, "t")).text,
    ]);
  });

  it("texts that hold a NUL (the separator's middle) are scanned one by one", async () => {
    const s = secrets[0];
    if (!s) throw new Error("the fake corpus is empty");
    const texts = [`bin\0ary ${s.values[0]}`, "plain text here"];
    const got = await createSecretScanner({ exact: [] }).scanMany(texts, "t");
    const alone = createSecretScanner({ exact: [] });
    expect(got.map((r) => r.text)).toEqual([(await alone.scan(texts[0] as string, "t")).text, texts[1]]);
  });
});

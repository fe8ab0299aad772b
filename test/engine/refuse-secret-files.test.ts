import { afterEach, describe, expect, it } from "vitest";
import { refuseSecretFiles } from "../../src/engine/refuse-secret-files.js";
import { InputError } from "../../src/errors.js";
import { createSecretScanner } from "../../src/secrets/index.js";
import type { TempRepo } from "../helpers/git-repo.js";
import { makeJsProject, writeTask } from "../helpers/js-project.js";
import { runLeash } from "../helpers/leash-cli.js";
import { makeFakeSecrets } from "../secrets/fake-secrets.js";

const stripe = makeFakeSecrets().find((s) => s.shape === "Stripe live secret key")?.content as string;
const file = (path: string, text: string) => ({ path, content: Buffer.from(text) });

describe("context files that hold secrets", () => {
  const scanner = createSecretScanner({ exact: [] });

  it("are refused, naming the file and the rule", async () => {
    const files = [
      file("src/ok.ts", "export const a = 1;\n"),
      file("src/keys.ts", `// keys\n\nexport const k = "${stripe}";\n`),
    ];
    const refusal = await refuseSecretFiles(scanner, files, []).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(InputError);
    const e = refusal as InputError;
    expect(e.code).toBe("context.file_holds_secret");
    expect(e.location).toEqual({ file: "src/keys.ts", line: 3 });
    expect(e.message).toContain("src/keys.ts");
    expect(e.message).toMatch(/rule \S+stripe/);
    expect(e.message).not.toContain(stripe);
  });

  it("are sent with placeholders when the task allows them by glob", async () => {
    const out = await refuseSecretFiles(scanner, [file("src/keys.ts", `k = "${stripe}"\n`)], ["src/*.ts"]);
    expect(out[0]?.content?.toString()).toMatch(/^k = "\[REDACTED [^\]]+\]"\n$/);
  });

  it("leave files without secrets, binary files and files to create untouched", async () => {
    const files = [
      file("a.ts", "x\n"),
      { path: "b.bin", content: Buffer.from([0, 1, 2]) },
      { path: "c.ts", content: null },
    ];
    expect(await refuseSecretFiles(scanner, files, [])).toEqual(files);
  });
});

describe("leash plan and run on a task whose allowed file holds a secret", () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.cleanup());

  it("exit 2 naming the file and the rule, and the tree stays byte-identical", () => {
    repo = makeJsProject();
    repo.write(
      "src/add.js",
      `export const key = "${stripe}";\nexport function add(a, b) {\n  return a - b;\n}\n`,
    );
    repo.commitAll("a key in the source");
    const task = writeTask(repo, "fix", { fake: { responses: [{ diagnosis: "never asked" }] } });
    const before = repo.snapshot();
    for (const args of [
      ["plan", task],
      ["run", task],
    ]) {
      const r = runLeash(repo.root, args);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain("src/add.js");
      expect(r.stderr).toContain("context.file_holds_secret");
      expect(r.stderr + r.stdout).not.toContain(stripe);
    }
    expect(repo.snapshot()).toEqual(before);
  });
});

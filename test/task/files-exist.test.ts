import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TaskInvalid } from "../../src/config/file-invalid.js";
import { loadConfig } from "../../src/config/load.js";
import { closestPath } from "../../src/task/files-exist.js";
import { loadTask } from "../../src/task/load.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

const CONFIG = "version: 1\ncommands:\n  unit: { argv: [node, --test], timeout_s: 60 }\n";
const FILES = {
  "leash.yaml": CONFIG,
  "Readme.md": "# hi\n",
  "src/click/core.py": "x = 1\n",
  "src/click/utils.py": "y = 2\n",
};

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

async function load(task: string) {
  const repo = makeTempRepo(FILES);
  repos.push(repo);
  repo.write("tasks/t.yaml", `version: 1\ngoal: fix it\nintent: bugfix\nvalidators: [unit]\n${task}`);
  const loaded = await loadConfig({ cwd: repo.root, repoRoot: repo.root });
  return loadTask(join(repo.root, "tasks/t.yaml"), loaded);
}

async function errorsOf(task: string) {
  const error = await load(task).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TaskInvalid);
  return (error as TaskInvalid).errors;
}

describe("allowed_files and context_files must match files", () => {
  it("README.md in a repository that has Readme.md: an error with the right-cased name", async () => {
    const [error, ...rest] = await errorsOf("allowed_files: [README.md]\n");
    expect(rest).toEqual([]);
    expect(error?.code).toBe("task.file_not_found");
    expect(error?.message).toContain("allowed_files entry `README.md` matches no file");
    expect(error?.hint).toContain("did you mean `Readme.md`? (paths are case-sensitive)");
    expect(error?.location?.line).toBe(5);
  });

  it("a typo names the close file; a glob matching nothing says so", async () => {
    const errors = await errorsOf("allowed_files: [src/click/cor.py]\ncontext_files: [src/**/*.ts]\n");
    expect(errors.map((e) => e.hint)).toEqual([
      expect.stringContaining("did you mean `src/click/core.py`?"),
      "context files must exist",
    ]);
  });

  it("a directory is named as one, with the glob to use", async () => {
    const [error] = await errorsOf("allowed_files: [src/click]\n");
    expect(error?.hint).toContain("`src/click/**`");
  });

  it("create_files makes a missing file allowed; it joins allowed_files", async () => {
    const task = await load(
      "allowed_files: [src/click/core.py, src/click/new.py]\ncreate_files: [src/click/new.py]\n",
    );
    expect(task.allowedFiles).toEqual(["src/click/core.py", "src/click/new.py"]);
    expect(task.createFiles).toEqual(["src/click/new.py"]);
    const only = await load("create_files: [docs/new.md]\n");
    expect(only.allowedFiles).toEqual(["docs/new.md"]);
  });

  it("globs that match, regions of existing files, and the config's baseline mode pass", async () => {
    const task = await load("allowed_files: ['src/**/*.py', 'src/click/core.py#L1-1']\n");
    expect(task.baseline).toBe("require");
  });
});

describe("closestPath", () => {
  it("prefers the same path in another case, then the nearest edit", () => {
    const files = ["README.rst", "Readme.md", "src/a.ts"];
    expect(closestPath("README.md", files)).toBe("Readme.md");
    expect(closestPath("src/b.ts", files)).toBe("src/a.ts");
    expect(closestPath("lib/totally/else.go", files)).toBeUndefined();
  });
});

import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * The one way tests build real git repositories: a fresh temp dir, `git init`, files written
 * as given, one commit. Identity is set per call because CI machines have no git config.
 */

export const GIT_IDENTITY_ENV = {
  GIT_AUTHOR_NAME: "Leash Test",
  GIT_AUTHOR_EMAIL: "test@leash.invalid",
  GIT_COMMITTER_NAME: "Leash Test",
  GIT_COMMITTER_EMAIL: "test@leash.invalid",
};

export interface TempRepo {
  root: string;
  git(...args: string[]): string;
  write(path: string, content: string | Buffer): void;
  read(path: string): Buffer;
  commitAll(message?: string): void;
  /** Every file under the root except .git, path → bytes (for byte-identical checks). */
  snapshot(options?: { includeLeash?: boolean }): Map<string, Buffer>;
  cleanup(): void;
}

export function makeTempRepo(
  files: Record<string, string | Buffer> = {},
  options: { commit?: boolean } = {},
): TempRepo {
  const root = mkdtempSync(join(tmpdir(), "leash-test-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: root,
      env: { ...process.env, ...GIT_IDENTITY_ENV },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  git("init", "-q", "-b", "main");
  // Written, not `git config`: one process fewer for each of the suite's many repositories.
  appendFileSync(join(root, ".git", "config"), "[core]\n\tautocrlf = false\n");
  const repo: TempRepo = {
    root,
    git,
    write(path, content) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
    read: (path) => readFileSync(join(root, path)),
    commitAll(message = "commit") {
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message);
    },
    snapshot: (opts = {}) => snapshotTree(root, opts.includeLeash ?? false),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [path, content] of Object.entries(files)) repo.write(path, content);
  if (options.commit ?? true) repo.commitAll("initial");
  return repo;
}

export function snapshotTree(root: string, includeLeash = false): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === ".git" && rel === "") continue;
      if (name === ".leash" && rel === "" && !includeLeash) continue;
      const full = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      const st = lstatSync(full);
      if (st.isDirectory()) walk(full, relPath);
      else if (st.isSymbolicLink()) out.set(`${relPath} -> symlink`, Buffer.from(""));
      else out.set(relPath, readFileSync(full));
    }
  };
  walk(root, "");
  return out;
}

import { join } from "node:path";

export interface BwrapOptions {
  /** Absolute, symlink-free working directory: the repository or a task's worktree. */
  cwd: string;
  /** Per-run HOME, created by the caller and removed after the run. */
  home: string;
  /** Host directories hidden behind an empty tmpfs: the real home directories. */
  hide?: readonly string[];
  /** Bound back read-only after the hiding: `sandbox.read_paths`, toolchains, the main repository. */
  readOnly?: readonly string[];
}

/**
 * The bubblewrap argv for one sandboxed command. Pure: the caller resolves `cwd` to a real
 * absolute path and creates `home`; nothing here touches the disk.
 *
 * What the command sees: the host's filesystem read-only except the real home directories,
 * which are empty (so compilers, /etc/ssl and /usr/share/zoneinfo keep working, while dotfiles
 * full of tokens do not exist), the directories granted by name, no network (a fresh
 * network namespace whose loopback is its own: a test server inside works, the host's ports do
 * not), its own pid and IPC namespaces, a private /tmp and /run, no capabilities even when
 * Leash runs as root, and exactly two writable places: `cwd` and a throwaway HOME.
 *
 * Inside `cwd`, `.git` and `.leash` are bound back read-only: a validator that could write git
 * hooks or `core.fsmonitor` would get code run later by Leash's own unsandboxed git, and one
 * that could write `.leash/` could edit the ledger or a run's state. In a worktree `.git` is a
 * file pointing into the main repository's git directory, which the read-only root already
 * covers.
 */
export function bwrapArgv(argv: string[], options: BwrapOptions): string[] {
  const { cwd, home } = options;
  const hide = (options.hide ?? []).flatMap((dir) => ["--tmpfs", dir]);
  const readOnly = (options.readOnly ?? []).flatMap((dir) => ["--ro-bind-try", dir, dir]);
  return [
    "--unshare-net",
    "--unshare-pid",
    "--unshare-ipc",
    "--die-with-parent",
    // Run as root, bwrap would otherwise keep every capability, and CAP_SYS_ADMIN can remount
    // the read-only root writable from inside.
    "--cap-drop",
    "ALL",
    "--ro-bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--proc",
    "/proc",
    // Before the binds below: cwd or home may live under the host's /tmp, and this would hide them.
    "--tmpfs",
    "/tmp",
    // Unix sockets stay connectable on a read-only mount and no network namespace covers them;
    // /run holds the dangerous ones (docker.sock, the system D-Bus).
    "--tmpfs",
    "/run",
    // Hidden first, then granted back, then the working tree: a later mount wins where they nest.
    ...hide,
    ...readOnly,
    "--bind",
    cwd,
    cwd,
    "--ro-bind-try",
    join(cwd, ".git"),
    join(cwd, ".git"),
    "--ro-bind-try",
    join(cwd, ".leash"),
    join(cwd, ".leash"),
    "--bind",
    home,
    home,
    // Last, once every mount point inside it exists: the emptied homes take no writes either.
    ...(options.hide ?? []).flatMap((dir) => ["--remount-ro", dir]),
    "--setenv",
    "HOME",
    home,
    "--setenv",
    "TMPDIR",
    "/tmp",
    "--setenv",
    "PWD",
    cwd,
    "--chdir",
    cwd,
    "--",
    ...argv,
  ];
}

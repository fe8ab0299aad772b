#!/usr/bin/env node
// A throwaway PostgreSQL cluster for tests, CI and the bench: its own data directory, a local
// port on 127.0.0.1 with password auth, stopped and deleted at the end.
//
//   node scripts/pg-throwaway.mjs start DIR   prints the URL; the cluster keeps running
//   node scripts/pg-throwaway.mjs stop DIR    stops it and deletes DIR
//
// PostgreSQL refuses to run as root, so as root the server runs as an unprivileged user
// (`postgres` where the Debian package created it, else `nobody`) through runuser or setpriv.
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

export const TEST_USER = "leash";
export const TEST_PASSWORD = "leash-test-password";

function which(name) {
  const r = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The directory holding initdb and pg_ctl: Debian's versioned folder first, then PATH. */
export function findPostgresBin() {
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, "bin", "pg_ctl")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(base, versions[0], "bin");
  }
  const pgCtl = which("pg_ctl");
  if (pgCtl && which("initdb")) return resolve(pgCtl, "..");
  return null;
}

function uidOf(user) {
  const r = spawnSync("id", ["-u", user], { encoding: "utf8" });
  if (r.status !== 0) return null;
  const g = spawnSync("id", ["-g", user], { encoding: "utf8" });
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** How to run a command as the server's owner: directly, or as an unprivileged user when root. */
function owner() {
  if (process.getuid?.() !== 0) return { ids: null, wrap: (argv) => argv };
  for (const user of ["postgres", "nobody"]) {
    const ids = uidOf(user);
    if (!ids) continue;
    if (which("runuser")) return { ids, wrap: (argv) => ["runuser", "-u", user, "--", ...argv] };
    if (which("setpriv")) {
      return {
        ids,
        wrap: (argv) => ["setpriv", `--reuid=${ids.uid}`, `--regid=${ids.gid}`, "--clear-groups", ...argv],
      };
    }
  }
  throw new Error("running as root with no unprivileged user (postgres, nobody) or no runuser/setpriv");
}

function run(argv, options = {}) {
  const [cmd, ...args] = argv;
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
}

function freePort() {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => done(port));
    });
  });
}

function chownTree(path, ids) {
  if (!ids) return;
  chownSync(path, ids.uid, ids.gid);
}

/**
 * Starts a cluster in `dir` (created, must be empty or absent). `fsync: false` trades
 * durability for speed, for tests only; the bench keeps the defaults.
 */
export async function startCluster(dir, { fsync = false } = {}) {
  const bin = findPostgresBin();
  if (!bin) throw new Error("PostgreSQL binaries not found (install the Debian package `postgresql`)");
  const who = owner();
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  chownTree(root, who.ids);
  const data = join(root, "data");
  const pwfile = join(root, "pwfile");
  writeFileSync(pwfile, `${TEST_PASSWORD}\n`, { mode: 0o600 });
  chownTree(pwfile, who.ids);
  run(
    who.wrap([
      join(bin, "initdb"),
      "-D",
      data,
      "-U",
      TEST_USER,
      `--pwfile=${pwfile}`,
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "-E",
      "UTF8",
      "--no-sync",
    ]),
    { cwd: root },
  );
  rmSync(pwfile, { force: true });
  let lastError;
  for (let tries = 0; tries < 5; tries++) {
    const port = await freePort();
    try {
      serve(root, port, fsync);
      return { dir: root, port, url: clusterUrl(port) };
    } catch (error) {
      lastError = error;
    }
  }
  const log = existsSync(join(root, "server.log")) ? readFileSync(join(root, "server.log"), "utf8") : "";
  throw new Error(`pg_ctl start failed: ${lastError?.stderr ?? lastError}\n${log.slice(-2000)}`);
}

/** Starts the server of an initialized cluster on `port` and waits until it accepts connections. */
function serve(root, port, fsync) {
  const bin = findPostgresBin();
  const opts = [`-h 127.0.0.1`, `-p ${port}`, `-k ${root}`, "-c max_connections=200"];
  if (!fsync) opts.push("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off");
  const data = join(root, "data");
  const log = join(root, "server.log");
  run(owner().wrap([join(bin, "pg_ctl"), "-D", data, "-l", log, "-w", "-t", "60", "-o", opts.join(" "), "start"]), {
    cwd: root,
  });
  writeFileSync(join(root, "port"), String(port));
}

/** Stops the server (fast shutdown: clients are cut off at once) and keeps the cluster. */
export function stopServer(dir) {
  const root = resolve(dir);
  const data = join(root, "data");
  const bin = findPostgresBin();
  if (bin && existsSync(join(data, "postmaster.pid"))) {
    const [cmd, ...args] = owner().wrap([join(bin, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"]);
    spawnSync(cmd, args, { stdio: "ignore", cwd: root });
  }
}

/** Starts a stopped cluster again on the port it had, so URLs handed out stay valid. */
export function restartServer(dir, { fsync = false } = {}) {
  const root = resolve(dir);
  serve(root, Number(readFileSync(join(root, "port"), "utf8")), fsync);
}

export function clusterUrl(port, database = "postgres") {
  return `postgres://${TEST_USER}:${TEST_PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** Stops the cluster (fast shutdown) and deletes its directory; safe to call twice. */
export function stopCluster(dir) {
  stopServer(dir);
  rmSync(resolve(dir), { recursive: true, force: true });
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const [command, dir] = process.argv.slice(2);
  if (!dir || !["start", "stop"].includes(command)) {
    console.error("usage: pg-throwaway.mjs start|stop DIR");
    process.exit(2);
  }
  if (command === "start") {
    try {
      const { url } = await startCluster(dir);
      console.log(url);
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      stopCluster(dir);
      process.exit(1);
    }
  } else {
    stopCluster(dir);
  }
}

import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, "..", "..");

/** A file of the tarball as `npm pack --json` lists it. */
export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

/** What `npm pack --json` reports. */
export interface Packed {
  readonly filename: string;
  /** Compressed tarball size in bytes. */
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly PackedFile[];
  /** Absolute path of the tarball. */
  readonly tarball: string;
}

/** npm settings a user's machine would have too; any other `npm_*` variable comes from `npm test`. */
const KEEP = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);

/**
 * The environment for child commands without what `npm test` adds (`npm_config_local_prefix` would point
 * a nested `npm install` at the repository) and without the test runner's `NODE_OPTIONS`.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === "NODE_OPTIONS" || (key.toLowerCase().startsWith("npm_") && !KEEP.has(key.toLowerCase()))) {
      continue;
    }
    env[key] = value;
  }
  return env;
}

/**
 * Run a command, failing with its output when it exits non-zero.
 *
 * @returns its stdout
 */
export async function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await exec(command, args, {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: cleanEnv(),
    });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${e.message}\n${e.stdout}\n${e.stderr}`);
  }
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), stat.mtimeMs);
}

/**
 * Build `dist/` with the package's own build script unless it is newer than every source file (CI builds
 * just before the tests; a developer's stale `dist/` would otherwise be what gets tested).
 */
export async function buildIfStale(): Promise<void> {
  let built = 0;
  try {
    built = statSync(join(ROOT, "dist", "index.js")).mtimeMs;
  } catch {}
  const inputs = ["src", "package.json", "tsup.config.ts"].map((p) => newestMtime(join(ROOT, p)));
  if (built > Math.max(...inputs)) return;
  await run("npm", ["run", "--silent", "build"], ROOT);
}

/**
 * `npm pack` the repository into a fresh temporary folder. Lifecycle scripts are skipped: the build is
 * done (or checked fresh) by {@link buildIfStale}.
 *
 * @returns the report of `npm pack --json` and the tarball's path
 */
export async function packRepo(): Promise<Packed> {
  const dest = mkdtempSync(join(tmpdir(), "ctc-pack-"));
  const out = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dest], ROOT);
  const [report] = JSON.parse(out) as Omit<Packed, "tarball">[];
  return { ...report, tarball: join(dest, report.filename) };
}

/** Optional peers the consumer project borrows from the repository (they are big; never downloaded). */
const PEERS = ["onnxruntime-node", "onnxruntime-web"];

/**
 * Install the tarball into a new temporary project the way a user would (`npm install <tarball>`), from
 * npm's cache when it has the dependencies (no network), else preferring the cache. The optional peers
 * are linked from the repository's `node_modules`.
 *
 * @param tarball - path of the packed tarball
 * @returns the project folder
 */
export async function installConsumer(tarball: string): Promise<string> {
  const project = mkdtempSync(join(tmpdir(), "ctc-consumer-"));
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "consumer", private: true })}\n`);
  const common = ["install", tarball, "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock"];
  try {
    await run("npm", [...common, "--offline"], project);
  } catch (error) {
    // ENOTCACHED: a fresh machine whose npm cache lacks a dependency; the registry is reachable there.
    if (!String(error).includes("ENOTCACHED")) throw error;
    await run("npm", [...common, "--prefer-offline"], project);
  }
  for (const peer of PEERS) {
    mkdirSync(join(project, "node_modules"), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", peer), join(project, "node_modules", peer), "dir");
  }
  return project;
}

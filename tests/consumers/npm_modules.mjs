// Shared by the Node consumer checks: finds the npm modules .ci/setup installed
// ($ACCORD_NPM_DIR, else ${XDG_CACHE_HOME:-$HOME/.cache}/accord-npm) and runs `accord export`
// into a temporary folder on a database of the bundled corpus.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

export function npmDir() {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return process.env.ACCORD_NPM_DIR || path.join(cache, "accord-npm");
}

// The module's entry as a file URL, or exits 77 (skip) saying how to install it.
export function moduleEntry(name, file) {
  const full = path.join(npmDir(), "node_modules", name, file);
  if (!fs.existsSync(full)) {
    console.log(`SKIP: npm module ${name} not found in ${npmDir()} (run .ci/setup build, which installs it)`);
    process.exit(77);
  }
  return pathToFileURL(full).href;
}

export function exportsOf(accord, corpus) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-consumer-"));
  const db = path.join(dir, "g.db");
  execFileSync(accord, ["ingest", corpus, "--db", db], { stdio: "ignore" });
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return (format, ...extra) => {
    const out = path.join(dir, `g-${format}-${fs.readdirSync(dir).length}.json`);
    execFileSync(accord, ["export", "--format", format, "-o", out, "--db", db, ...extra], { stdio: "ignore" });
    return JSON.parse(fs.readFileSync(out, "utf8"));
  };
}

export const SUBGRAPH = ["--entity", "Global AI Governance Action Plan", "--depth", "2"];

export function fail(message) {
  console.log(message);
  process.exit(1);
}

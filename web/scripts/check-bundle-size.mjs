// Measures the JavaScript a first visit downloads — the entry chunk of index.html and every chunk
// it imports statically (not the lazily loaded route chunks) — gzipped, and fails the build
// above the budget (issue 6: ≤ 250 KB gzipped).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 250 * 1024;
const dist = new URL("../dist/", import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"));

const entry = Object.entries(manifest).find(([, c]) => c.isEntry);
if (!entry) throw new Error("no entry chunk in dist/.vite/manifest.json");

const initial = new Set();
const css = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const c of chunk.css ?? []) css.add(c);
  for (const imp of chunk.imports ?? []) visit(imp);
};
visit(entry[0]);

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
let jsTotal = 0;
for (const file of initial) jsTotal += gz(file);
let cssTotal = 0;
for (const file of css) cssTotal += gz(file);
const lazy = Object.values(manifest).filter((c) => c.isDynamicEntry).length;

const kb = (n) => (n / 1024).toFixed(1) + " KB";
console.log(
  `bundle: initial JS ${kb(jsTotal)} gzipped in ${initial.size} file(s) ` +
    `(budget ${kb(BUDGET_BYTES)}); initial CSS ${kb(cssTotal)} gzipped; ${lazy} lazy chunk(s)`,
);
if (jsTotal > BUDGET_BYTES) {
  console.error(`bundle: initial JS exceeds the budget by ${kb(jsTotal - BUDGET_BYTES)}`);
  process.exit(1);
}

// Writes <file>.gz beside every compressible file of dist/ so `syntera` can send precompressed
// responses (src/web serves the twin when the client accepts gzip).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, constants } from "node:zlib";

const dist = new URL("../dist/", import.meta.url).pathname;
const compressible = /\.(js|mjs|css|html|svg|json|txt|webmanifest|map)$/;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

let count = 0;
for (const file of walk(dist)) {
  if (!compressible.test(file)) continue;
  const data = readFileSync(file);
  if (data.length < 256) continue;
  const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
  if (gz.length >= data.length) continue;
  writeFileSync(file + ".gz", gz);
  count++;
}
console.log(`compress: wrote ${count} .gz files`);

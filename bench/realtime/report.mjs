// Formats the RESULT lines of loadgen.mjs (a JSON-lines file, each with a "server" field added
// by run.sh) as markdown tables: fan-out per offered load, then idle connections.
//   node report.mjs results.jsonl
import { readFileSync } from "node:fs";

const rows = readFileSync(process.argv[2], "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l));
const ms = (v) => (v === null || v === undefined ? "—" : v < 10 ? v.toFixed(2) : v.toFixed(0));
const perK = (r, cpu) =>
  r.delivered_per_s ? ((cpu / (r.delivered_per_s * r.seconds)) * 1000).toFixed(2) : "—";
const num = (v, d = 1) => (v === null || v === undefined ? "—" : v.toFixed(d));

const fan = rows.filter((r) => r.scenario === "fanout");
if (fan.length) {
  const c = fan[0];
  console.log(
    `**Fan-out** (${c.clients} clients in rooms of ${c.room_size}, ~${c.payload_bytes}-byte data, ` +
      `${num(c.seconds, 0)} s measured):\n`,
  );
  console.log(
    "| offered deliveries/s | server | delivered/s | p50 ms | p99 ms | max ms | ack p99 ms | " +
      "server CPU % | server CPU ms / 1k delivered (user + sys) | loadgen CPU % | errors / acks failed+missing / lost |",
  );
  console.log("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  const rates = [...new Set(fan.map((r) => r.offered_deliveries_per_s))].sort((a, b) => a - b);
  for (const rate of rates) {
    const group = fan.filter((r) => r.offered_deliveries_per_s === rate);
    for (const r of group) {
      console.log(
        `| ${rate} | ${r.server} | ${r.delivered_per_s} | ${ms(r.p50_ms)} | ${ms(r.p99_ms)} | ` +
          `${ms(r.max_ms)} | ${ms(r.ack_p99_ms)} | ${num(r.server_cpu_pct)} | ` +
          `${num(r.server_cpu_ms_per_1k, 2)} (${perK(r, r.server_user_ms)} + ${perK(r, r.server_sys_ms)}) | ` +
          `${num(r.loadgen_cpu_pct)} | ` +
          `${r.errors} / ${r.acks_failed + r.acks_missing} / ${r.lost_deliveries} |`,
      );
    }
    const node = group.find((r) => r.server === "socket.io");
    for (const cpp of group.filter((r) => r.server.startsWith("c++"))) {
      if (!node || !cpp.server_cpu_ms_per_1k || !node.server_cpu_ms_per_1k) continue;
      console.log(
        `| ${rate} | **${cpp.server} / socket.io** | | ${num(cpp.p50_ms / node.p50_ms, 2)} | ` +
          `${num(cpp.p99_ms / node.p99_ms, 2)} | | | | ` +
          `**${num(cpp.server_cpu_ms_per_1k / node.server_cpu_ms_per_1k, 2)}** | | |`,
      );
    }
  }
  console.log("");
}

const idle = rows.filter((r) => r.scenario === "idle");
if (idle.length) {
  console.log("**Idle connections** (each has completed the Socket.IO CONNECT; ping every 25 s):\n");
  console.log(
    "| server | sockets | connected (after idle) | connect time s | RSS before kB | RSS kB | " +
      "**KB per connection** | idle server CPU % |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of idle) {
    for (const s of r.stages) {
      console.log(
        `| ${r.server} | ${s.target} | ${s.connected} (${s.still_connected}) | ` +
          `${num(s.connect_seconds)} | ${s.rss_before_kb} | ${s.rss_kb} | ` +
          `**${num(s.kb_per_connection, 2)}** | ${num(s.idle_cpu_pct)} |`,
      );
    }
  }
  console.log("");
}

// Starts src/realtime's realtime_test_server on an ephemeral port and returns its URL.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const binary =
  process.env.REALTIME_TEST_SERVER ??
  path.join(here, "../../build/rt/src/realtime/realtime_test_server");

export async function startServer(flags = []) {
  const child = spawn(binary, flags, { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, "exit").then(([code]) => {
    throw new Error(`realtime_test_server exited early with ${code}`);
  });
  const port = await Promise.race([
    (async () => {
      for await (const line of lines) {
        const match = /^PORT (\d+)$/.exec(line);
        if (match) return Number(match[1]);
      }
      throw new Error("realtime_test_server printed no port");
    })(),
    exited,
  ]);
  exited.catch(() => {});
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.stdin.end();
      const [code] = await once(child, "exit");
      return code;
    },
  };
}

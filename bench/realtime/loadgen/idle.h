#pragma once
// The idle scenario: connected-but-silent Socket.IO clients in stages of increasing size, spread
// over `procs` forked worker processes (idle_worker.h) to get past one process's descriptor and
// CPU limits. For each stage: how long connecting took, then, after 2 s, the server's RSS (and
// per connection, against its RSS before any connection) and its CPU over `idle_cpu` seconds.

#include <cstdint>
#include <string>
#include <vector>

namespace loadgen {

struct IdleOptions {                          // the command line's flags, defaults as loadgen.mjs's
  std::string url;                            // http://HOST:PORT of the server
  long pid = 0;                               // the server's process, for CPU and RSS
  std::vector<int64_t> counts{10000, 50000};  // total connected clients of each stage
  int procs = 4;                              // worker processes, at least 1
  int addresses = 8;                          // source addresses 127.0.0.1 … 127.0.0.<addresses>
  int concurrency = 200;                      // handshakes in flight per worker at most
  double idle_cpu = 5;                        // seconds over which the idle CPU is measured
  std::string label;
};

// Runs every stage, logs each one to stderr, prints one `RESULT {json}` line on stdout, stops the
// workers and returns the exit status (0). Clients that cannot connect are counted, not fatal; a
// worker that dies, or an unreadable /proc entry of the server, ends the run (Die).
int RunIdle(const IdleOptions& options);

}  // namespace loadgen

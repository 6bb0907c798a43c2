#pragma once
// A worker process of the idle scenario: it opens Socket.IO clients up to the count its parent
// asks for and keeps them connected. Line protocol with the parent (one pipe each way):
//   parent → worker: "target <N>" | "status" | "exit"
//   worker → parent: "connected <C> failures <F> gave_up <text>" (after target; text may be empty)
//                    "connected <C>" (after status)
// A failed connection is retried up to 5 times (200 ms, 400 ms, … later); after that the worker
// gives up on its target and reports what it has.

#include <string>

namespace loadgen {

struct IdleWorkerConfig {
  std::string url;        // http://HOST:PORT of the server
  int worker = 0;         // this worker's index, 0 … procs − 1
  int procs = 1;          // workers in all: user idle<worker + procs·k> is unique across them
  int addresses = 8;      // source addresses 127.0.0.1 … 127.0.0.<addresses>
  int concurrency = 200;  // handshakes in flight at most
  int from_parent = -1;   // read end of the parent's pipe
  int to_parent = -1;     // write end of the pipe to the parent
};

// Serves the parent until "exit" or until its pipe closes, then ends the process with _exit(0).
// Call it in a freshly forked child, which owns the two descriptors. Dies on a pipe error.
[[noreturn]] void RunIdleWorker(const IdleWorkerConfig& config);

// Writes all of `text` to `fd` (a pipe), resuming after signals; dies on error.
void WriteAll(int fd, const std::string& text);

}  // namespace loadgen

#pragma once
// The fan-out scenario: `clients` Socket.IO clients in rooms of `room_size`, each emitting
// `room:emit` with an ack so that the server delivers `rate` room messages per second in total,
// open loop on a 1 ms tick. Deliveries inside the measured window give the latency percentiles
// (receive time − the payload's `t`, both NowNs() of this process); the server's CPU over the
// window comes from /proc/<pid>. See loadgen.mjs for the meaning of every result field.

#include <string>

namespace loadgen {

struct FanoutOptions {  // the command line's flags, defaults as loadgen.mjs's
  std::string url;      // http://HOST:PORT of the server
  long pid = 0;         // the server's process, for CPU and RSS
  int clients = 1000;
  int room_size = 10;
  double rate = 10000;   // offered deliveries/s: emits/s × (room_size − 1)
  int payload = 100;     // approximate bytes of each message's data
  double warmup = 3;     // seconds of load before the window
  double duration = 10;  // seconds of the window
  std::string label;
  int addresses = 8;  // clients spread over source addresses 127.0.0.1 … 127.0.0.<addresses>
};

// Runs the scenario and prints one `RESULT {json}` line on stdout (a summary of this process's
// own cost goes to stderr). Returns the exit status (0). Dies when a client cannot connect or
// join, or the server's /proc entries cannot be read; closes after connect are counted as
// `errors`, not fatal.
int RunFanout(const FanoutOptions& options);

}  // namespace loadgen

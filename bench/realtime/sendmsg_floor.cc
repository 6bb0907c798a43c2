// The floor under any WebSocket server's CPU per delivered message on loopback: what one
// sendmsg of a ~156-byte frame costs the sending thread when the receiver is another process
// -like thread on the same machine (loopback TCP runs the receiver's half of the stack in the
// sender's system call, and wakes the receiver from it).
//
//   sendmsg_floor [--rate 20000] [--sockets 1000] [--seconds 5] [--bytes 156]
//
// A sender thread writes `rate` frames per second (paced on a 1 ms tick, round-robin over
// `sockets` connections, one sendmsg per frame, as a server does per delivery); a receiver
// thread drains them with epoll. Prints one line:
//   FLOOR {"rate":…,"frames":…,"sender_cpu_us_per_frame":…,"user_us":…,"sys_us":…,
//          "receiver_cpu_us_per_frame":…}
// CPU is each thread's own (getrusage RUSAGE_THREAD), so the receiver's is not counted as the
// sender's. See docs/PERFORMANCE.md ("Realtime", "The floor").

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
  double rate = 20000;
  int sockets = 1000;
  double seconds = 5;
  size_t bytes = 156;
};

[[noreturn]] void Die(const char* what) {
  std::perror(what);
  std::exit(1);
}

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const double value = std::atof(argv[i + 1]);
    if (flag == "--rate") {
      o.rate = value;
    } else if (flag == "--sockets") {
      o.sockets = static_cast<int>(value);
    } else if (flag == "--seconds") {
      o.seconds = value;
    } else if (flag == "--bytes") {
      o.bytes = static_cast<size_t>(value);
    } else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      std::exit(2);
    }
  }
  return o;
}

double ThreadCpuMicros(double* user, double* sys) {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  *user = static_cast<double>(usage.ru_utime.tv_sec) * 1e6 + static_cast<double>(usage.ru_utime.tv_usec);
  *sys = static_cast<double>(usage.ru_stime.tv_sec) * 1e6 + static_cast<double>(usage.ru_stime.tv_usec);
  return *user + *sys;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = Parse(argc, argv);
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) Die("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) Die("bind");
  if (listen(listener, 4096) != 0) Die("listen");
  socklen_t length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);

  std::vector<int> senders;   // the "server" ends
  std::vector<int> receivers;  // the "client" ends
  for (int i = 0; i < o.sockets; ++i) {
    const int client = socket(AF_INET, SOCK_STREAM, 0);
    if (client < 0) Die("socket (raise ulimit -n?)");
    if (connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) Die("connect");
    const int server = accept(listener, nullptr, nullptr);
    if (server < 0) Die("accept");
    const int one = 1;
    setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    senders.push_back(server);
    receivers.push_back(client);
  }

  std::atomic<bool> done{false};
  std::atomic<long> received{0};
  double receiver_cpu = 0;
  std::thread receiver([&] {
    const int epoll = epoll_create1(0);
    for (int fd : receivers) {
      epoll_event event{};
      event.events = EPOLLIN;
      event.data.fd = fd;
      epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
    }
    double user0, sys0, user1, sys1;
    const double start = ThreadCpuMicros(&user0, &sys0);
    std::vector<epoll_event> events(256);
    char buffer[65536];
    while (!done.load(std::memory_order_relaxed)) {
      const int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 50);
      for (int i = 0; i < n; ++i) {
        const ssize_t got = recv(events[i].data.fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (got > 0) received.fetch_add(got, std::memory_order_relaxed);
      }
    }
    receiver_cpu = ThreadCpuMicros(&user1, &sys1) - start;
    close(epoll);
  });

  std::string frame(o.bytes, 'x');
  frame[0] = static_cast<char>(0x81);
  frame[1] = static_cast<char>(o.bytes - 2 < 126 ? o.bytes - 2 : 126);
  using Clock = std::chrono::steady_clock;
  const auto begin = Clock::now();
  const auto end = begin + std::chrono::duration<double>(o.seconds);
  double user0, sys0, user1, sys1;
  const double cpu0 = ThreadCpuMicros(&user0, &sys0);
  long frames = 0;
  size_t next = 0;
  for (auto now = begin; now < end; now = Clock::now()) {
    const double elapsed = std::chrono::duration<double>(now - begin).count();
    const long due = static_cast<long>(elapsed * o.rate);
    for (; frames < due; ++frames) {
      iovec iov{frame.data(), frame.size()};
      msghdr message{};
      message.msg_iov = &iov;
      message.msg_iovlen = 1;
      if (sendmsg(senders[next], &message, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) Die("sendmsg");
      next = (next + 1) % senders.size();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const double cpu = ThreadCpuMicros(&user1, &sys1) - cpu0;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  done = true;
  receiver.join();
  std::printf(
      "FLOOR {\"rate\":%.0f,\"sockets\":%d,\"frames\":%ld,\"bytes_received\":%ld,"
      "\"sender_cpu_us_per_frame\":%.3f,\"user_us\":%.3f,\"sys_us\":%.3f,"
      "\"receiver_cpu_us_per_frame\":%.3f}\n",
      o.rate, o.sockets, frames, received.load(), frames ? cpu / static_cast<double>(frames) : 0,
      frames ? (user1 - user0) / static_cast<double>(frames) : 0,
      frames ? (sys1 - sys0) / static_cast<double>(frames) : 0,
      frames ? receiver_cpu / static_cast<double>(frames) : 0);
  for (int fd : senders) close(fd);
  for (int fd : receivers) close(fd);
  close(listener);
  return 0;
}

#pragma once
// Who holds a subscriber's delivery lease (event_subscriber_leases.owner), private to the
// events module: "host:bootid:pidns:pid:suffix" — the host name (for people), the kernel's
// boot id (this machine since its last boot), the inode of the process's PID namespace
// (containers of one machine share the boot id, not the namespace), the process id, and a
// random suffix (several dispatchers in one process). A holder on this machine, in this PID
// namespace, whose process is gone (kill -9, crash) cannot be delivering any more: a restarted
// process takes its leases over at once instead of waiting for them to expire.

#include <string>
#include <string_view>

namespace syntera::events {

// The owner id of a dispatcher in process `pid` of this machine and PID namespace.
std::string LeaseOwnerId(long pid, std::string_view suffix);
// A fresh owner id for a dispatcher of this process (random suffix).
std::string NewLeaseOwnerId();
// True only when `owner` names a process of this machine (same boot) and PID namespace that
// no longer exists. False for anything else (another machine, malformed, alive, unknown).
bool LeaseOwnerIsDeadHere(std::string_view owner);

}  // namespace syntera::events

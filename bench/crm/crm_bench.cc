// CRM benchmark driver (plain, no Google Benchmark): generates N contacts (default 1,000,000)
// in one organization on SQLite through the contact store (batched transactions, search
// index included), then measures
//   - search: CrmService::ListContacts with `q` = a name prefix, first page of 50 and page 2;
//   - filtered page: tag + lifecycle (matches, no matches, a cursor page), lifecycle only;
//   - get by id: CrmService::GetContact throughput on 1 and 2 threads.
// Usage: crm_bench [--contacts N] [--db PATH] [--seconds S] [--reuse]
// Goals (issue 4, SQLite): p99 <= 20 ms for search and for a filtered page; >= 20k gets/s.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "auth/auth_migrations.h"
#include "base/clock.h"
#include "crm/contact_store.h"
#include "crm/crm_migrations.h"
#include "crm/crm_service.h"
#include "crypto/crypto.h"
#include "db/migrations.h"
#include "db/sqlite_database.h"

using namespace syntera;
using Steady = std::chrono::steady_clock;

namespace {

double Ms(Steady::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Stats {
  double p50 = 0, p99 = 0, max = 0;
};
Stats Percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))]; };
  return {at(0.50), at(0.99), v.back()};
}

const char* kFirst[] = {"ada", "alan", "grace", "linus", "barbara", "ken", "dennis", "margaret",
                        "edsger", "donald", "john", "frances", "tim", "radia", "bjarne", "guido"};
const char* kLast[] = {"lovelace", "turing", "hopper", "torvalds", "liskov", "thompson",
                       "ritchie", "hamilton", "dijkstra", "knuth", "backus", "allen", "berners",
                       "perlman", "stroustrup", "rossum"};
using crm::Lifecycle;
const Lifecycle kStages[] = {Lifecycle::kSubscriber, Lifecycle::kLead, Lifecycle::kOpportunity,
                             Lifecycle::kCustomer, Lifecycle::kOther};

}  // namespace

int main(int argc, char** argv) {
  int64_t n = 1'000'000;
  std::string path = "/tmp/syntera-crm-bench.db";
  double seconds = 3;
  bool reuse = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--contacts" && i + 1 < argc) n = std::atoll(argv[++i]);
    else if (a == "--db" && i + 1 < argc) path = argv[++i];
    else if (a == "--seconds" && i + 1 < argc) seconds = std::atof(argv[++i]);
    else if (a == "--reuse") reuse = true;
  }
  if (!reuse) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
  db::SqliteOptions opts;
  opts.path = path;
  opts.readers = 4;
  auto opened = db::OpenSqlite(opts);
  if (!opened.ok()) { std::fprintf(stderr, "open: %s\n", opened.error().message.c_str()); return 2; }
  auto& database = **opened;
  if (auto m = db::ApplyMigrations(database, {db::DbMigrations(), auth::AuthMigrations(),
                                              crm::CrmMigrations()});
      !m.ok()) {
    std::fprintf(stderr, "migrate: %s\n", m.error().message.c_str());
    return 2;
  }
  SystemClock clock;
  crypto::SecureRandom random;
  crm::NullEventSink sink;
  crm::CrmService service(database, clock, random, sink);
  const std::string org = "00000000-0000-7000-8000-0000000000aa";
  Principal who;
  who.org_id = OrgId(org);
  who.role = Role::kAdmin;

  std::vector<crm::ContactId> ids;
  ids.reserve(static_cast<size_t>(n));
  if (!reuse) {
    auto t0 = Steady::now();
    auto made = db::InTx(database, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) {
      return tx.Exec("INSERT INTO organizations (id, name, slug, created_at) VALUES (?, 'bench', 'bench', 0)",
                     {db::Text(org)});
    });
    if (!made.ok()) { std::fprintf(stderr, "org: %s\n", made.error().message.c_str()); return 2; }
    const int64_t batch = 5000;
    Timestamp base = FromUnixMillis(1'700'000'000'000);
    for (int64_t start = 0; start < n; start += batch) {
      auto r = db::InTx(database, db::Scope::Tenant(org), db::TxMode::kWrite,
                        [&](db::Tx& tx) -> Result<void> {
        for (int64_t i = start; i < std::min(n, start + batch); ++i) {
          crm::Contact c;
          c.id = crm::ContactId(NewUuidV7(clock, random));
          c.org_id = OrgId(org);
          c.first_name = std::string(kFirst[i % 16]) + std::to_string(i % 1000);
          c.last_name = std::string(kLast[(i / 16) % 16]);
          c.emails = {"user" + std::to_string(i) + "@example.com"};
          c.phones = {"+1415" + std::to_string(1000000 + i)};
          c.tags = {"t" + std::to_string(i % 20)};
          if (i % 10 == 0) c.tags.push_back("vip");
          c.lifecycle = kStages[i % 5];
          c.created_at = c.updated_at = base + std::chrono::milliseconds(i);
          SYN_RETURN_IF_ERROR(crm::store::InsertContact(tx, c));
          ids.push_back(c.id);
        }
        return Ok();
      });
      if (!r.ok()) { std::fprintf(stderr, "insert: %s\n", r.error().message.c_str()); return 2; }
      if ((start / batch) % 20 == 0) {
        std::fprintf(stderr, "  %lld/%lld\n", static_cast<long long>(start), static_cast<long long>(n));
      }
    }
    double gen = Ms(Steady::now() - t0) / 1000;
    std::printf("generate: %lld contacts in %.1f s (%.0f contacts/s)\n",
                static_cast<long long>(n), gen, n / gen);
    (void)db::InTx(database, db::Scope::System(), db::TxMode::kWrite,
                   [&](db::Tx& tx) { return tx.Exec("ANALYZE"); });
  } else {
    auto r = db::InTx(database, db::Scope::System(), db::TxMode::kRead, [&](db::Tx& tx) {
      return tx.Query("SELECT id FROM crm_contacts");
    });
    if (!r.ok()) return 2;
    for (const auto& row : *r) ids.emplace_back(row.Text(0));
    n = static_cast<int64_t>(ids.size());
    std::printf("reusing %lld contacts\n", static_cast<long long>(n));
  }

  auto measure = [&](const char* name, int iterations, auto&& op) {
    std::vector<double> lat;
    for (int i = 0; i < iterations; ++i) {
      auto t = Steady::now();
      if (!op(i)) { std::printf("%s: error\n", name); return; }
      lat.push_back(Ms(Steady::now() - t));
    }
    Stats s = Percentiles(lat);
    std::printf("%-34s n=%4d  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n", name, iterations,
                s.p50, s.p99, s.max);
  };
  size_t rows_seen = 0;
  measure("search q=<name prefix> (50)", 500, [&](int i) {
    crm::ContactFilter f;
    f.q = std::string(kFirst[i % 16]).substr(0, 3 + i % 3);
    auto p = service.ListContacts(who, f, {.limit = 50, .cursor = ""});
    if (p.ok()) rows_seen += p->items.size();
    return p.ok();
  });
  measure("search q=<first+last> (50)", 500, [&](int i) {
    crm::ContactFilter f;
    f.q = std::string(kFirst[i % 16]) + std::to_string(i % 1000) + " " + kLast[(i / 3) % 16];
    return service.ListContacts(who, f, {.limit = 50, .cursor = ""}).ok();
  });
  measure("search q=<email prefix> (50)", 500, [&](int i) {
    crm::ContactFilter f;
    f.q = "user" + std::to_string((i * 7919) % n);
    return service.ListContacts(who, f, {.limit = 50, .cursor = ""}).ok();
  });
  std::string cursor;
  measure("filtered tag+lifecycle page (50)", 500, [&](int i) {
    crm::ContactFilter f;
    f.tag = "t" + std::to_string(i % 20);
    f.lifecycle = kStages[i % 5];
    auto p = service.ListContacts(who, f, {.limit = 50, .cursor = ""});
    if (p.ok() && p->next_cursor) cursor = *p->next_cursor;
    if (p.ok()) rows_seen += p->items.size();
    return p.ok();
  });
  measure("search q=<name prefix> page 2", 300, [&](int i) {
    crm::ContactFilter f;
    f.q = std::string(kFirst[i % 16]).substr(0, 3);
    auto first = service.ListContacts(who, f, {.limit = 50, .cursor = ""});
    if (!first.ok() || !first->next_cursor) return false;
    return service.ListContacts(who, f, {.limit = 50, .cursor = *first->next_cursor}).ok();
  });
  // tag tK implies lifecycle K % 5 (both follow i), so any other lifecycle matches nothing.
  measure("filtered tag+lifecycle, 0 matches", 500, [&](int i) {
    crm::ContactFilter f;
    f.tag = "t" + std::to_string(i % 20);
    f.lifecycle = kStages[(i + 1 + i % 4) % 5];
    auto p = service.ListContacts(who, f, {.limit = 50, .cursor = ""});
    return p.ok() && p->items.empty();
  });
  measure("filtered lifecycle only page (50)", 500, [&](int i) {
    crm::ContactFilter f;
    f.lifecycle = kStages[i % 5];
    return service.ListContacts(who, f, {.limit = 50, .cursor = ""}).ok();
  });
  measure("filtered tag=vip+lifecycle page 2", 300, [&](int i) {
    crm::ContactFilter f;
    f.tag = "vip";
    f.lifecycle = Lifecycle::kSubscriber;  // vip is every 10th contact, all subscribers
    (void)i;
    auto first = service.ListContacts(who, f, {.limit = 50, .cursor = ""});
    if (!first.ok() || !first->next_cursor) return false;
    return service.ListContacts(who, f, {.limit = 50, .cursor = *first->next_cursor}).ok();
  });
  measure("filtered tag=vip+lifecycle, 0 matches", 300, [&](int i) {
    crm::ContactFilter f;
    f.tag = "vip";
    f.lifecycle = kStages[1 + i % 4];
    auto p = service.ListContacts(who, f, {.limit = 50, .cursor = ""});
    return p.ok() && p->items.empty();
  });
  std::printf("  (rows returned: %zu)\n", rows_seen);

  for (int threads : {1, 2}) {
    std::atomic<int64_t> done{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> pool;
    auto t0 = Steady::now();
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        uint64_t k = 0x9E3779B97F4A7C15ull * (t + 1);
        while (!stop.load(std::memory_order_relaxed)) {
          k = k * 6364136223846793005ull + 1442695040888963407ull;
          auto c = service.GetContact(who, ids[(k >> 17) % ids.size()]);
          if (!c.ok()) { std::fprintf(stderr, "get: %s\n", c.error().message.c_str()); break; }
          done.fetch_add(1, std::memory_order_relaxed);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& th : pool) th.join();
    double secs = Ms(Steady::now() - t0) / 1000;
    std::printf("get by id, %d thread(s): %.0f req/s\n", threads, done.load() / secs);
  }
  return 0;
}

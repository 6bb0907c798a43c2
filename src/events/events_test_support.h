#pragma once
// Test support for the events tests: an engine-parameterised fixture with the events schema.

#include <gtest/gtest.h>

#include <mutex>
#include <random>

#include "base/clock.h"
#include "db/engine_test.h"
#include "db/migrations.h"
#include "events/domain_event.h"
#include "events/events_migrations.h"

namespace syntera::events {

// Deterministic randomness for tests. Thread-safe.
class SeededRandom final : public Random {
 public:
  void Fill(std::span<uint8_t> out) override {
    std::lock_guard lock(mu_);
    for (auto& b : out) b = static_cast<uint8_t>(engine_() >> 56);
  }

 private:
  std::mutex mu_;
  std::mt19937_64 engine_{42};
};

class EventsTest : public db::EngineTest {
 protected:
  void SetUp() override {
    db::EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto applied = db::ApplyMigrations(db(), {db::DbMigrations(), EventsMigrations()});
    ASSERT_TRUE(applied.ok()) << applied.error().message;
  }

  DomainEvent Event(const std::string& org, const std::string& type, const std::string& agg,
                    const std::string& payload = "{}") {
    return NewDomainEvent(clock_, random_, OrgId(org), type, "contact", agg, payload);
  }

  // Appends `e` in its own committed transaction.
  void Append(const DomainEvent& e) {
    auto r = db::InTx(db(), db::Scope::Tenant(e.org_id.str()), db::TxMode::kWrite,
                      [&](db::Tx& tx) { return AppendEvent(tx, e); });
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  ManualClock clock_{FromUnixMillis(1'800'000'000'000)};
  SeededRandom random_;
};

}  // namespace syntera::events

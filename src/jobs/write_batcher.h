#pragma once
// Group commit: write operations submitted from many threads are run by one thread, many per
// transaction, and each submitter learns its outcome only after that transaction committed.
// On SQLite (one writer, an fsync per commit) this turns ~250 commits/s into tens of thousands
// of durable writes/s; on PostgreSQL it saves round trips and WAL flushes.
// If a batch fails, its operations are retried one per transaction, so one bad operation
// fails alone.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "base/result.h"
#include "db/database.h"

namespace syntera::jobs {

class WriteBatcher {
 public:
  // Runs inside the batch transaction. Must not leave the transaction aborted for expected
  // outcomes (use ON CONFLICT); it may run twice (batch, then alone) when the batch failed,
  // so it must only write through `tx`.
  using Op = std::function<Result<void>(db::Tx& tx)>;

  // `db` must outlive the batcher. Starts its thread.
  WriteBatcher(db::Database& db, int max_batch);
  ~WriteBatcher();  // finishes every submitted operation, then stops
  WriteBatcher(const WriteBatcher&) = delete;
  WriteBatcher& operator=(const WriteBatcher&) = delete;

  // Queues `op`; the future is ready after its transaction committed (ok) or failed.
  // Thread-safe.
  std::future<Result<void>> Submit(Op op);
  // Like Submit, but calls `done(result)` on the batcher's thread after the transaction
  // committed or failed (keep it short; it must not Submit and wait). Thread-safe.
  void SubmitAsync(Op op, std::function<void(const Result<void>&)> done);
  // Waits until every operation submitted before the call has finished. Thread-safe.
  Result<void> Flush();

  int64_t batches() const;  // transactions committed so far (metrics, tests)

 private:
  struct Item {
    Op op;
    std::promise<Result<void>> done;
    std::function<void(const Result<void>&)> then;  // SubmitAsync only
  };
  void Loop();
  void RunBatch(std::deque<Item>& batch);
  static void Finish(Item& item, const Result<void>& result);

  db::Database& db_;
  const int max_batch_;
  mutable std::mutex mu_;  // guards queue_, stop_, batches_
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool stop_ = false;
  int64_t batches_ = 0;
  std::thread thread_;
};

}  // namespace syntera::jobs

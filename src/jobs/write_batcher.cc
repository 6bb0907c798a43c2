#include "jobs/write_batcher.h"

#include <utility>

namespace syntera::jobs {

WriteBatcher::WriteBatcher(db::Database& db, int max_batch)
    : db_(db), max_batch_(max_batch < 1 ? 1 : max_batch), thread_([this] { Loop(); }) {}

WriteBatcher::~WriteBatcher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

std::future<Result<void>> WriteBatcher::Submit(Op op) {
  Item item{std::move(op), {}, nullptr};
  auto future = item.done.get_future();
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(item));
  }
  cv_.notify_one();
  return future;
}

void WriteBatcher::SubmitAsync(Op op, std::function<void(const Result<void>&)> done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(Item{std::move(op), {}, std::move(done)});
  }
  cv_.notify_one();
}

Result<void> WriteBatcher::Flush() {
  return Submit([](db::Tx&) { return Ok(); }).get();
}

int64_t WriteBatcher::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

void WriteBatcher::Loop() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stop_ and drained
    std::deque<Item> batch;
    while (!queue_.empty() && static_cast<int>(batch.size()) < max_batch_) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    RunBatch(batch);
    lock.lock();
    ++batches_;
  }
}

void WriteBatcher::Finish(Item& item, const Result<void>& result) {
  if (item.then) {
    item.then(result);
  } else {
    item.done.set_value(result);
  }
}

void WriteBatcher::RunBatch(std::deque<Item>& batch) {
  auto all = db::InTx(db_, db::Scope::System(), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    for (Item& item : batch) SYN_RETURN_IF_ERROR(item.op(tx));
    return Ok();
  });
  if (all.ok() || batch.size() == 1 || all.error().code == ErrorCode::kUnavailable) {
    for (Item& item : batch) Finish(item, all);
    return;
  }
  // Isolate the failing operation(s).
  for (Item& item : batch) {
    Finish(item, db::InTx(db_, db::Scope::System(), db::TxMode::kWrite,
                          [&](db::Tx& tx) { return item.op(tx); }));
  }
}

}  // namespace syntera::jobs

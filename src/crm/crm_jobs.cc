#include "crm/crm_jobs.h"

#include <string>

namespace syntera::crm {
namespace {

// The payload is {"import_id":"<uuid>"}; ids are UUID text, so no escaping is needed.
std::string Payload(const ImportId& id) { return R"({"import_id":")" + id.str() + R"("})"; }

std::optional<ImportId> ImportIdOf(const std::string& payload) {
  constexpr std::string_view kKey = R"("import_id":")";
  size_t at = payload.find(kKey);
  if (at == std::string::npos) return std::nullopt;
  size_t begin = at + kKey.size(), end = payload.find('"', begin);
  if (end == std::string::npos || end == begin) return std::nullopt;
  return ImportId(payload.substr(begin, end - begin));
}

}  // namespace

ImportEnqueue JobQueueImportEnqueue(jobs::JobQueue& queue) {
  return [&queue](const OrgId& org, const ImportId& id) -> Result<void> {
    jobs::EnqueueOptions opts;
    opts.org_id = org;
    opts.idempotency_key = "crm.import:" + id.str();
    opts.max_attempts = 5;
    SYN_RETURN_IF_ERROR(queue.Enqueue(kImportQueue, Payload(id), opts));
    return Ok();
  };
}

void RegisterCrmJobs(jobs::JobRunner& runner, CrmImporter& importer, jobs::QueueOptions options) {
  runner.Register(kImportQueue, options, [&importer](jobs::JobContext& ctx) -> Result<void> {
    auto id = ImportIdOf(ctx.payload());
    if (!id || ctx.job().org_id.empty()) {
      return InvalidArgument("bad crm.import payload", {{"payload", "needs import_id"}});
    }
    auto progress = [&ctx](const ImportCounts& c, int percent) -> Result<void> {
      return ctx.ReportProgress(percent, std::to_string(c.processed_rows) + "/" +
                                             std::to_string(c.total_rows) + " rows");
    };
    SYN_RETURN_IF_ERROR(importer.RunImport(ctx.job().org_id, *id, progress));
    return Ok();
  });
}

void RegisterCrmTaskDue(jobs::JobRunner& runner, jobs::CronScheduler& cron, CrmService& service) {
  constexpr int kBatch = 500;
  runner.Register(kTaskDueQueue, {.concurrency = 1, .prefetch = 0},
                  [&service](jobs::JobContext&) -> Result<void> {
                    for (int round = 0; round < 20; ++round) {
                      SYN_ASSIGN_OR_RETURN(int emitted, service.NotifyDueTasks(kBatch));
                      if (emitted < kBatch) break;
                    }
                    return Ok();
                  });
  cron.Add(kTaskDueQueue, "* * * * *", kTaskDueQueue, "{}", {.max_attempts = 3});
}

}  // namespace syntera::crm

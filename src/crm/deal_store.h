#pragma once
// SQL for pipelines, stages, deals, stage history and the board aggregates. Every function
// filters by `org`; another organization's row is not found.

#include <optional>
#include <vector>

#include "base/result.h"
#include "crm/crm_types.h"
#include "db/database.h"

namespace syntera::crm::store {

// Inserts the pipeline and its stages. With `is_default`, does nothing and returns false when
// the organization already has a default pipeline (concurrent first use).
Result<bool> InsertPipeline(db::Tx& tx, const Pipeline& pipeline);
Result<std::optional<Pipeline>> FindPipeline(db::Tx& tx, const OrgId& org, const PipelineId& id);
Result<std::optional<PipelineId>> DefaultPipelineId(db::Tx& tx, const OrgId& org);
// Oldest first, with stages.
Result<std::vector<Pipeline>> ListPipelines(db::Tx& tx, const OrgId& org);
Result<void> RenamePipeline(db::Tx& tx, const OrgId& org, const PipelineId& id,
                            const std::string& name);
Result<void> UpsertStage(db::Tx& tx, const OrgId& org, const Stage& stage);
Result<void> DeleteStage(db::Tx& tx, const OrgId& org, const StageId& id);
// Number of deals in the stage.
Result<int64_t> CountDealsInStage(db::Tx& tx, const OrgId& org, const StageId& id);
Result<bool> DeletePipeline(db::Tx& tx, const OrgId& org, const PipelineId& id);

Result<void> InsertDeal(db::Tx& tx, const Deal& deal);
Result<void> UpdateDeal(db::Tx& tx, const Deal& deal);
// With its stage history (oldest first).
Result<std::optional<Deal>> FindDeal(db::Tx& tx, const OrgId& org, const DealId& id);
// Oldest first by (created_at, id); stage history not loaded.
Result<Page<Deal>> ListDeals(db::Tx& tx, const OrgId& org, const DealFilter& filter,
                             const PageRequest& page);
Result<bool> DeleteDeal(db::Tx& tx, const OrgId& org, const DealId& id);
Result<void> InsertStageChange(db::Tx& tx, const OrgId& org, const std::string& id,
                               const DealId& deal, const StageChange& change);
// One past the largest position in the stage (new deals go last).
Result<int64_t> NextPosition(db::Tx& tx, const OrgId& org, const StageId& stage);

// Per stage of the pipeline: deal count and value totals per currency, over all its deals
// (GROUP BY in SQL), plus the first `per_stage` deals by position.
Result<std::vector<BoardColumn>> BoardColumns(db::Tx& tx, const OrgId& org,
                                              const Pipeline& pipeline, int per_stage);

}  // namespace syntera::crm::store

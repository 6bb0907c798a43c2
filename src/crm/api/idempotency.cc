// Idempotency-Key on the CRM POST routes (API-CONVENTIONS: "Optional Idempotency-Key header
// on POST makes a retried create return the first result").

#include "crm/api/route_groups.h"
#include "crm/crm_service.h"
#include "crypto/crypto.h"

namespace syntera::crm::api {
namespace {

constexpr size_t kMaxKeyBytes = 200;

bool ValidKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyBytes) return false;
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

bool Storable(const http::Response& r) {
  auto type = r.headers.Get("Content-Type");
  return r.status >= 200 && r.status < 300 && !r.deferred && type &&
         type->rfind("application/json", 0) == 0;
}

}  // namespace

http::Route Idempotent(CrmService& service, http::Route route) {
  std::string name = "POST " + route.path;
  http::RouteHandler inner = std::move(route.handler);
  route.handler = [&service, name, inner](http::RouteContext& ctx) -> Result<http::Response> {
    auto header = ctx.request.headers.Get("Idempotency-Key");
    if (!header) return inner(ctx);
    std::string key(*header);
    if (!ValidKey(key)) {
      return InvalidArgument("invalid Idempotency-Key header",
                             {{"Idempotency-Key", "must be 1..200 visible ASCII characters"}});
    }
    // The same key with another target or body is a client bug, not a retry.
    std::string fingerprint = crypto::Sha256Hex(ctx.request.path + "?" + ctx.request.query +
                                                "\n" + ctx.request.body);
    SYN_ASSIGN_OR_RETURN(IdempotencyClaim claim,
                         service.ClaimIdempotencyKey(ctx.who(), name, key, fingerprint));
    if (claim.status) {
      http::Response replay = http::Response::Json(*claim.status, std::move(claim.response));
      replay.headers.Set("Idempotent-Replayed", "true");
      return replay;
    }
    Result<http::Response> reply = inner(ctx);
    if (reply.ok() && Storable(*reply)) {
      SYN_RETURN_IF_ERROR(service.CompleteIdempotencyKey(ctx.who(), name, key, claim.claim_id,
                                                         reply->status, reply->body));
    } else {
      // A failed request may be corrected and retried with the same key.
      (void)service.ReleaseIdempotencyKey(ctx.who(), name, key, claim.claim_id);
    }
    return reply;
  };
  route.doc.description +=
      std::string(route.doc.description.empty() ? "" : " ") +
      "Optional `Idempotency-Key` header (1..200 visible ASCII characters, kept 24 h): a retry "
      "with the same key and request returns the first successful reply (header "
      "`Idempotent-Replayed: true`); the same key with a different request is a 422, and "
      "while the first request still runs a 409.";
  return route;
}

}  // namespace syntera::crm::api

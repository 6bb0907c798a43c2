#include "http/idempotency.h"

#include "crypto/crypto.h"

namespace syntera::http {
namespace {

constexpr size_t kMaxKeyBytes = 200;

bool ValidKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyBytes) return false;
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// Only a complete JSON success is worth replaying.
bool Storable(const Response& r) {
  auto type = r.headers.Get("Content-Type");
  return r.status >= 200 && r.status < 300 && !r.deferred && type &&
         type->rfind("application/json", 0) == 0;
}

}  // namespace

Result<Response> RunIdempotent(IdempotencyStore& store, const Route& route, RouteContext& ctx) {
  auto header = ctx.request.headers.Get("Idempotency-Key");
  if (!header || ctx.principal == nullptr) return route.handler(ctx);
  const std::string key(*header);
  if (!ValidKey(key)) {
    return InvalidArgument("invalid Idempotency-Key header",
                           {{"Idempotency-Key", "must be 1..200 visible ASCII characters"}});
  }
  const std::string name = std::string(MethodName(route.method)) + " " + route.path;
  // The same key with another target or body is a client bug, not a retry.
  const std::string fingerprint = crypto::Sha256Hex(ctx.request.path + "?" + ctx.request.query +
                                                    "\n" + ctx.request.body);
  SYN_ASSIGN_OR_RETURN(IdempotencyClaim claim, store.Claim(ctx.who(), name, key, fingerprint));
  if (claim.status) {
    Response replay = Response::Json(*claim.status, std::move(claim.response));
    replay.headers.Set("Idempotent-Replayed", "true");
    return replay;
  }
  Result<Response> reply = route.handler(ctx);
  if (reply.ok() && Storable(*reply)) {
    SYN_RETURN_IF_ERROR(
        store.Complete(ctx.who(), name, key, claim.claim_id, reply->status, reply->body));
  } else {
    (void)store.Release(ctx.who(), name, key, claim.claim_id);  // a fixed retry may reuse it
  }
  return reply;
}

}  // namespace syntera::http

#pragma once
// Idempotency-Key (API-CONVENTIONS): a POST route marked `idempotent` stores its first
// successful reply under (organization, route, key); a retry with the same key and the same
// request gets that reply again (header `Idempotent-Replayed: true`) and changes nothing.
// The same key with a different request is a 422; while the first request still runs, 409.
// A failed request frees its key so a corrected retry can use it. Keys live 24 hours.
//
// The Pipeline does this for every route with Route::idempotent when it was given an
// IdempotencyStore (the `idempotency` module implements it in the database).

#include <optional>
#include <string>

#include "base/principal.h"
#include "base/result.h"
#include "http/route.h"

namespace syntera::http {

struct IdempotencyClaim {
  std::string claim_id;        // set when this request owns the key and must run
  std::optional<int> status;   // set when a stored reply is to be replayed
  std::string response;        // the stored JSON body
};

class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  // `route` names the operation ("POST /api/v1/contacts"); `fingerprint` identifies the
  // request (method, target and body). Errors: kFailedPrecondition when the key was used with
  // another request, kConflict while the first request holds it.
  virtual Result<IdempotencyClaim> Claim(const Principal& who, const std::string& route,
                                         const std::string& key,
                                         const std::string& fingerprint) = 0;
  virtual Result<void> Complete(const Principal& who, const std::string& route,
                                const std::string& key, const std::string& claim_id, int status,
                                const std::string& response) = 0;
  virtual Result<void> Release(const Principal& who, const std::string& route,
                               const std::string& key, const std::string& claim_id) = 0;
};

// Runs `route`'s handler under the request's Idempotency-Key (none: runs it plainly).
Result<Response> RunIdempotent(IdempotencyStore& store, const Route& route, RouteContext& ctx);

// The sentence route documentation gets for idempotent routes.
inline constexpr const char* kIdempotencyDoc =
    "Optional `Idempotency-Key` header (1..200 visible ASCII characters, kept 24 h): a retry "
    "with the same key and request returns the first successful reply (header "
    "`Idempotent-Replayed: true`); the same key with a different request is a 422, and while "
    "the first request still runs a 409.";

}  // namespace syntera::http

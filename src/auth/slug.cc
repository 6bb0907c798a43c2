#include "auth/slug.h"

namespace syntera::auth {

std::string Slugify(std::string_view name) {
  std::string out;
  bool dash = false;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum) {
      dash = !out.empty();
      continue;
    }
    if (dash) out += '-';
    dash = false;
    out += c;
    if (out.size() >= kMaxSlugLength) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "org" : out;
}

}  // namespace syntera::auth

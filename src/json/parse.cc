#include "json/parse.h"

#include <boost/json/parse.hpp>

#include <cmath>

namespace syntera::json {
namespace {

bool AllNumbersFinite(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::double_:
      return std::isfinite(v.get_double());
    case boost::json::kind::array:
      for (const auto& item : v.get_array()) {
        if (!AllNumbersFinite(item)) return false;
      }
      return true;
    case boost::json::kind::object:
      for (const auto& field : v.get_object()) {
        if (!AllNumbersFinite(field.value())) return false;
      }
      return true;
    default:
      return true;
  }
}

}  // namespace

Result<boost::json::value> Parse(std::string_view text, size_t max_depth) {
  boost::system::error_code ec;
  boost::json::parse_options opts;
  opts.max_depth = max_depth;
  boost::json::value v = boost::json::parse(text, ec, {}, opts);
  if (ec) return InvalidArgument("malformed JSON: " + ec.message());
  if (!AllNumbersFinite(v)) return InvalidArgument("a number is too large (it must fit a double)");
  return v;
}

}  // namespace syntera::json

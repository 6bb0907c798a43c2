// The transport-independent steps of a session (see session_impl.h), compiled once.

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "http/error_response.h"
#include "net/request_target.h"
#include "net/session_impl.h"
#include "net/wire.h"

namespace syntera::net::session {
namespace {

void LogUnhandled(obs::Logger& logger, const http::Request& request, std::string_view what) {
  logger.Error("unhandled_exception", {{"error", what},
                                       {"method", request.method_text},
                                       {"path", request.path},
                                       {"client_ip", request.client_ip}});
}

}  // namespace

Result<void> ConvertHead(const BeastRequest& head, const SessionContext& context,
                         const std::string& peer_ip, bool tls, http::Request& out) {
  out.method_text = std::string(head.method_string());
  out.method = http::ParseMethod(out.method_text);
  out.target = std::string(head.target());
  SYN_ASSIGN_OR_RETURN(RequestTarget target, ParseRequestTarget(out.target));
  out.path = std::move(target.path);
  out.query = std::move(target.query);
  std::vector<std::string_view> forwarded_for;
  for (const auto& field : head) {
    out.headers.Add(std::string(field.name_string()), std::string(field.value()));
    if (beast::iequals(field.name_string(), "X-Forwarded-For")) {
      forwarded_for.push_back(field.value());
    }
  }
  out.peer_ip = peer_ip;
  out.client_ip = ResolveClientIp(context.trusted_proxies, peer_ip, forwarded_for);
  out.tls = tls;
  return Ok();
}

http::Response CallHandler(const SessionContext& context, http::Request& request) {
  try {
    return context.handler.Handle(request);
  } catch (const std::exception& e) {
    LogUnhandled(context.logger, request, e.what());
  } catch (...) {  // not a std::exception: still a bug, still a 500
    LogUnhandled(context.logger, request, "unknown exception type");
  }
  return http::ErrorResponse(Internal("unhandled exception"));
}

BeastResponse BuildResponse(http::Response response, unsigned version, bool* keep_alive,
                            obs::Logger& logger) {
  if (!IsValidStatus(response.status)) {
    logger.Error("invalid_response_status", {{"status", response.status}});
    response = http::ErrorResponse(Internal("invalid response status"));
  }
  BeastResponse res;
  res.version(version);
  res.result(static_cast<unsigned>(response.status));
  for (const auto& [name, value] : response.headers.items()) {
    switch (ClassifyResponseHeader(name, value)) {
      case HeaderUse::kCopy:
        res.insert(name, value);
        break;
      case HeaderUse::kCloseConnection:
        *keep_alive = false;
        break;
      case HeaderUse::kDrop:
        break;
      case HeaderUse::kInvalid:
        logger.Warn("invalid_response_header", {{"name", name}});
        break;
    }
  }
  res.keep_alive(*keep_alive);
  if (!StatusForbidsBody(response.status)) {
    res.body() = std::move(response.body);
    res.prepare_payload();  // Content-Length, also for HEAD (the size GET would send)
  }
  return res;
}

std::optional<ErrorAnswer> AnswerForReadError(const beast::error_code& ec, size_t body_limit) {
  if (ec == bhttp::error::header_limit) {
    return ErrorAnswer{PayloadTooLarge("request header fields too large"), 431};
  }
  if (ec == bhttp::error::body_limit) {
    return ErrorAnswer{
        PayloadTooLarge("request body exceeds " + std::to_string(body_limit) + " bytes")};
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec.category() != beast::error_code(bhttp::error::bad_method).category()) {
    return std::nullopt;
  }
  return ErrorAnswer{InvalidArgument("malformed HTTP request")};
}

bool ExpectsContinue(const BeastRequest& head) {
  auto it = head.find(bhttp::field::expect);
  return it != head.end() && beast::iequals(it->value(), "100-continue");
}

void LogSessionException(obs::Logger& logger, std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    logger.Error("session_exception", {{"error", x.what()}});
  } catch (...) {
    logger.Error("session_exception", {{"error", "unknown exception type"}});
  }
}

std::string PeerIp(const asio::ip::tcp::socket& socket) {
  beast::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  return ec ? std::string() : CanonicalIp(endpoint.address().to_string());
}

}  // namespace syntera::net::session

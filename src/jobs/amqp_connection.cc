#include "jobs/amqp_connection.h"

#include <amqp.h>
#include <amqp_tcp_socket.h>

#include <cstring>
#include <sys/time.h>

namespace syntera::jobs::amqp {
namespace {

constexpr amqp_channel_t kChannel = 1;

amqp_bytes_t Bytes(std::string_view s) {
  return amqp_bytes_t{s.size(), const_cast<char*>(s.data())};
}

timeval ToTimeval(std::chrono::milliseconds d) {
  if (d.count() < 0) d = std::chrono::milliseconds(0);
  return timeval{static_cast<time_t>(d.count() / 1000),
                 static_cast<suseconds_t>((d.count() % 1000) * 1000)};
}

Error Down(std::string what) { return Unavailable("rabbitmq: " + what); }

}  // namespace

struct Connection::State {
  amqp_connection_state_t conn = nullptr;
  std::vector<amqp_table_entry_t> entries;  // scratch for arguments
};

Result<Target> ParseUrl(std::string_view url) {
  std::string copy(url);
  amqp_connection_info info;
  amqp_default_connection_info(&info);
  if (amqp_parse_url(copy.data(), &info) != AMQP_STATUS_OK || info.ssl) {
    return InvalidArgument("AMQP URL must look like amqp://user:pass@host:port/vhost");
  }
  Target t;
  t.host = info.host;
  t.port = info.port;
  t.user = info.user;
  t.password = info.password;
  // "amqp://h:p/" names the empty vhost in the AMQP URI spec; everyone means the default "/".
  t.vhost = (info.vhost == nullptr || *info.vhost == '\0') ? "/" : info.vhost;
  return t;
}

Result<std::unique_ptr<Connection>> Connection::Open(const Target& target, int heartbeat_seconds,
                                                     bool confirms,
                                                     std::chrono::milliseconds connect_timeout) {
  std::unique_ptr<Connection> c(new Connection());
  c->s_ = std::make_unique<State>();
  c->s_->conn = amqp_new_connection();
  amqp_socket_t* socket = amqp_tcp_socket_new(c->s_->conn);
  if (socket == nullptr) return c->Lost("cannot create a socket");
  timeval tv = ToTimeval(connect_timeout);
  if (amqp_socket_open_noblock(socket, target.host.c_str(), target.port, &tv) != AMQP_STATUS_OK) {
    return c->Lost("cannot connect to " + target.host + ":" + std::to_string(target.port));
  }
  // No RPC (declare, qos, consume, channel and connection close) waits longer than this for
  // a broker that stopped answering without closing the socket; the connection is then
  // dropped like any other failed one.
  timeval rpc = ToTimeval(kRpcTimeout);
  amqp_set_rpc_timeout(c->s_->conn, &rpc);
  amqp_rpc_reply_t login =
      amqp_login(c->s_->conn, target.vhost.c_str(), 0, 131072, heartbeat_seconds,
                 AMQP_SASL_METHOD_PLAIN, target.user.c_str(), target.password.c_str());
  if (login.reply_type != AMQP_RESPONSE_NORMAL) return c->Lost("login refused");
  amqp_channel_open(c->s_->conn, kChannel);
  SYN_RETURN_IF_ERROR(c->CheckRpc("channel.open"));
  if (confirms) {
    amqp_confirm_select(c->s_->conn, kChannel);
    SYN_RETURN_IF_ERROR(c->CheckRpc("confirm.select"));
  }
  return c;
}

Connection::~Connection() {
  if (!s_ || !s_->conn) return;
  // A polite close is two RPCs: only on a healthy connection (after a failure the broker may
  // be gone or closing, and the replies would never come).
  if (!broken_) {
    amqp_channel_close(s_->conn, kChannel, AMQP_REPLY_SUCCESS);
    amqp_connection_close(s_->conn, AMQP_REPLY_SUCCESS);
  }
  amqp_destroy_connection(s_->conn);
}

Error Connection::Lost(std::string what) {
  broken_ = true;
  return Down(std::move(what));
}

Result<void> Connection::CheckRpc(const char* what) {
  amqp_rpc_reply_t r = amqp_get_rpc_reply(s_->conn);
  if (r.reply_type == AMQP_RESPONSE_NORMAL) return Ok();
  if (r.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION &&
      r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
    auto* m = static_cast<amqp_channel_close_t*>(r.reply.decoded);
    return Lost(std::string(what) + " refused: " +
                std::string(static_cast<char*>(m->reply_text.bytes), m->reply_text.len));
  }
  if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION) {
    return Lost(std::string(what) + ": " + amqp_error_string2(r.library_error));
  }
  return Lost(std::string(what) + " failed");
}

namespace {

amqp_table_t Table(const std::vector<Arg>& args, std::vector<amqp_table_entry_t>& entries) {
  entries.clear();
  for (const Arg& a : args) {
    amqp_table_entry_t e;
    e.key = Bytes(a.key);
    if (const int32_t* i = std::get_if<int32_t>(&a.value)) {
      e.value.kind = AMQP_FIELD_KIND_I32;
      e.value.value.i32 = *i;
    } else {
      e.value.kind = AMQP_FIELD_KIND_UTF8;
      e.value.value.bytes = Bytes(std::get<std::string>(a.value));
    }
    entries.push_back(e);
  }
  return amqp_table_t{static_cast<int>(entries.size()), entries.data()};
}

}  // namespace

Result<void> Connection::DeclareQueue(std::string_view name, const std::vector<Arg>& args) {
  amqp_queue_declare(s_->conn, kChannel, Bytes(name), 0, 1, 0, 0, Table(args, s_->entries));
  return CheckRpc("queue.declare");
}

Result<void> Connection::DeclareExchange(std::string_view name, std::string_view type) {
  amqp_exchange_declare(s_->conn, kChannel, Bytes(name), Bytes(type), 0, 1, 0, 0,
                        amqp_empty_table);
  return CheckRpc("exchange.declare");
}

Result<void> Connection::Bind(std::string_view queue, std::string_view exchange,
                              std::string_view key) {
  amqp_queue_bind(s_->conn, kChannel, Bytes(queue), Bytes(exchange), Bytes(key), amqp_empty_table);
  return CheckRpc("queue.bind");
}

Result<uint64_t> Connection::Publish(std::string_view exchange, std::string_view routing_key,
                                     std::string_view body, std::string_view message_id,
                                     int priority) {
  amqp_basic_properties_t props;
  std::memset(&props, 0, sizeof(props));
  props._flags = AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_MESSAGE_ID_FLAG |
                 AMQP_BASIC_PRIORITY_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG;
  props.delivery_mode = AMQP_DELIVERY_PERSISTENT;
  props.message_id = Bytes(message_id);
  props.priority = static_cast<uint8_t>(priority);
  props.content_type = amqp_cstring_bytes("text/plain");
  int rc = amqp_basic_publish(s_->conn, kChannel, Bytes(exchange), Bytes(routing_key), 0, 0,
                              &props, Bytes(body));
  if (rc != AMQP_STATUS_OK) return Lost(std::string("publish: ") + amqp_error_string2(rc));
  return next_seq_++;
}

Result<void> Connection::WaitConfirms(uint64_t seq, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (confirmed_upto_ < seq) {
    while (confirmed_single_.count(confirmed_upto_ + 1)) {
      confirmed_single_.erase(confirmed_upto_ + 1);
      ++confirmed_upto_;
    }
    if (confirmed_upto_ >= seq) break;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Lost("publisher confirm timed out");
    timeval tv = ToTimeval(left);
    amqp_frame_t frame;
    amqp_maybe_release_buffers(s_->conn);
    int rc = amqp_simple_wait_frame_noblock(s_->conn, &frame, &tv);
    if (rc == AMQP_STATUS_TIMEOUT) return Lost("publisher confirm timed out");
    if (rc != AMQP_STATUS_OK) return Lost(std::string("confirm: ") + amqp_error_string2(rc));
    if (frame.frame_type != AMQP_FRAME_METHOD) continue;
    switch (frame.payload.method.id) {
      case AMQP_BASIC_ACK_METHOD: {
        auto* ack = static_cast<amqp_basic_ack_t*>(frame.payload.method.decoded);
        if (ack->multiple) {
          confirmed_upto_ = std::max<uint64_t>(confirmed_upto_, ack->delivery_tag);
        } else {
          confirmed_single_.insert(ack->delivery_tag);
        }
        break;
      }
      case AMQP_BASIC_NACK_METHOD:
        return Lost("broker refused a message (nack)");
      case AMQP_CHANNEL_CLOSE_METHOD:
      case AMQP_CONNECTION_CLOSE_METHOD:
        return Lost("broker closed the channel");
      default:
        break;
    }
  }
  return Ok();
}

Result<void> Connection::Qos(int prefetch) {
  amqp_basic_qos(s_->conn, kChannel, 0, static_cast<uint16_t>(prefetch), 0);
  return CheckRpc("basic.qos");
}

Result<void> Connection::Consume(std::string_view queue) {
  amqp_basic_consume(s_->conn, kChannel, Bytes(queue), amqp_empty_bytes, 0, 0, 0,
                     amqp_empty_table);
  return CheckRpc("basic.consume");
}

Result<std::optional<Delivery>> Connection::Next(std::chrono::milliseconds timeout) {
  amqp_maybe_release_buffers(s_->conn);
  amqp_envelope_t env;
  timeval tv = ToTimeval(timeout);
  amqp_rpc_reply_t r = amqp_consume_message(s_->conn, &env, &tv, 0);
  if (r.reply_type == AMQP_RESPONSE_NORMAL) {
    Delivery d;
    d.tag = env.delivery_tag;
    d.redelivered = env.redelivered != 0;
    d.body.assign(static_cast<char*>(env.message.body.bytes), env.message.body.len);
    amqp_destroy_envelope(&env);
    return std::optional<Delivery>(std::move(d));
  }
  if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && r.library_error == AMQP_STATUS_TIMEOUT) {
    return std::optional<Delivery>();
  }
  if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
      r.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
    amqp_frame_t frame;
    timeval zero = ToTimeval(std::chrono::milliseconds(0));
    if (amqp_simple_wait_frame_noblock(s_->conn, &frame, &zero) == AMQP_STATUS_OK &&
        frame.frame_type == AMQP_FRAME_METHOD &&
        (frame.payload.method.id == AMQP_CHANNEL_CLOSE_METHOD ||
         frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD ||
         frame.payload.method.id == AMQP_BASIC_CANCEL_METHOD)) {
      return Lost("broker closed the consumer");
    }
    return std::optional<Delivery>();
  }
  return Lost(r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION
                  ? std::string("consume: ") + amqp_error_string2(r.library_error)
                  : std::string("consume: server closed the connection"));
}

Result<void> Connection::Ack(uint64_t tag) {
  int rc = amqp_basic_ack(s_->conn, kChannel, tag, 0);
  if (rc != AMQP_STATUS_OK) return Lost(std::string("ack: ") + amqp_error_string2(rc));
  return Ok();
}

Result<void> Connection::Reject(uint64_t tag, bool requeue) {
  int rc = amqp_basic_reject(s_->conn, kChannel, tag, requeue ? 1 : 0);
  if (rc != AMQP_STATUS_OK) return Lost(std::string("reject: ") + amqp_error_string2(rc));
  return Ok();
}

}  // namespace syntera::jobs::amqp

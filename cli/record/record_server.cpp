#include "record_server.h"

#include <csignal>
#include <limits>
#include <memory>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>

#include "fatal.h"

namespace hocso::record {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// What the client may still send after an answer that closes the connection
// is read and dropped for a moment, so that closing does not reset the
// connection before the client has read the answer.
constexpr auto kLinger = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 1 << 20;

// Headers on every answer: the page runs only its own script, talks only to
// this server, plays only its own takes, and is never framed, sniffed, cached
// or told where it was opened from (its address holds the token).
void set_common_fields(http::response<http::string_body>& response) {
  response.set("Content-Security-Policy",
               "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; media-src blob:; "
               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Cross-Origin-Resource-Policy", "same-origin");
  response.set(http::field::cache_control, "no-store");
  response.set(http::field::x_frame_options, "DENY");
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, RecordSite& site, const RecordServerOptions& options, std::size_t& open)
      : stream_(std::move(socket)), site_(site), options_(options), open_(open) {
    ++open_;
  }
  ~Session() { --open_; }

  void start() { read_head(); }

 private:
  void read_head() {
    parser_.emplace();
    parser_->header_limit(options_.max_head_bytes);
    // Beast compares a Content-Length with the body limit as soon as the head
    // is parsed: the limit is the site's, set once it has seen the head. Not
    // boost::none, which Beast 1.74 compares as smaller than any length
    // (docs/library-pitfalls.md).
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream_.expires_after(options_.head_timeout);
    http::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_head(ec);
    });
  }

  void on_head(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset)
      return close();
    if (ec)
      return send(ec == http::error::header_limit ? RecordAnswer{http::status::request_header_fields_too_large,
                                                                 "text/plain; charset=utf-8",
                                                                 "431 Request Header Fields Too Large\n", true}
                                                  : RecordAnswer{http::status::bad_request, "text/plain; charset=utf-8",
                                                                 "400 Bad Request\n", true});
    auto decision = site_.admit(parser_->get().base());
    if (auto* refusal = std::get_if<RecordAnswer>(&decision)) return send(std::move(*refusal));
    if (parser_->is_done()) return send(site_.answer(parser_->get().base(), parser_->get().body()));
    parser_->body_limit(std::get<std::size_t>(decision));
    stream_.expires_after(options_.body_timeout);
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code e, std::size_t) {
      self->on_body(e);
    });
  }

  void on_body(beast::error_code ec) {
    if (ec == http::error::body_limit)
      return send({http::status::payload_too_large, "application/json",
                   "{\"ok\":false,\"error\":\"413 Payload Too Large\"}\n", true});
    if (ec) return close();
    send(site_.answer(parser_->get().base(), parser_->get().body()));
  }

  void send(RecordAnswer answer) {
    const bool head_only = parser_ && parser_->is_header_done() && parser_->get().method() == http::verb::head;
    const bool keep_alive = !answer.close && parser_ && parser_->is_header_done() && parser_->get().keep_alive();
    const unsigned version = parser_ && parser_->is_header_done() && parser_->get().version() == 10 ? 10 : 11;
    response_.emplace(answer.status, version);
    set_common_fields(*response_);
    response_->set(http::field::content_type, answer.content_type);
    response_->keep_alive(keep_alive);
    const std::size_t size = answer.body.size();
    if (!head_only) response_->body() = std::move(answer.body);
    response_->content_length(size);
    if (parser_) parser_->release();  // the request's body is not needed any more
    stream_.expires_after(options_.send_timeout);
    http::async_write(stream_, *response_, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
      self->response_.reset();
      if (ec) return self->close();
      if (keep_alive) return self->read_head();
      self->linger();
    });
  }

  // Closes after the client had a moment to read the answer.
  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLinger);
    buffer_.clear();
    drop(0);
  }

  void drop(std::size_t dropped) {
    if (dropped >= kLingerBytes) return close();
    stream_.async_read_some(buffer_.prepare(64 * 1024), [self = shared_from_this(), dropped](beast::error_code ec, std::size_t n) {
      if (ec) return self->close();
      self->buffer_.clear();
      self->drop(dropped + n);
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
  RecordSite& site_;
  const RecordServerOptions& options_;
  std::size_t& open_;
};

class Listener {
 public:
  Listener(tcp::acceptor& acceptor, RecordSite& site, const RecordServerOptions& options, std::size_t& open)
      : acceptor_(acceptor), site_(site), options_(options), open_(open) {}

  void accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
      if (!ec) {
        if (open_ >= options_.max_connections) {
          beast::error_code ignored;
          socket.close(ignored);  // a browser opens a few; past the limit, a client that is not one
        } else {
          std::make_shared<Session>(std::move(socket), site_, options_, open_)->start();
        }
      }
      accept();
    });
  }

 private:
  tcp::acceptor& acceptor_;
  RecordSite& site_;
  const RecordServerOptions& options_;
  std::size_t& open_;  // sessions alive (one thread: no lock)
};

}  // namespace

void run_record_server(const RecordServerOptions& options, RecordSite& site,
                       const std::function<void(int port)>& listening) {
  std::signal(SIGPIPE, SIG_IGN);
  // Sessions left when the server stops are destroyed with the context, so
  // what they refer to is made before it.
  std::size_t open = 0;
  asio::io_context context(1);
  tcp::acceptor acceptor(context);
  // Loopback only: the page records a microphone and writes into the content folder.
  const tcp::endpoint endpoint(asio::ip::address_v4::loopback(), static_cast<unsigned short>(options.port));
  beast::error_code error;
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error)
    throw FatalError(fmt::format("cannot listen on 127.0.0.1:{} (in use?); choose another port with --port",
                                 options.port));
  const int port = acceptor.local_endpoint().port();
  site.listening_on(port);

  asio::signal_set signals(context, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code e, int) {
    if (e) return;
    beast::error_code ignored;
    acceptor.close(ignored);
    context.stop();
  });
  Listener listener(acceptor, site, options, open);
  listener.accept();
  listening(port);
  context.run();
}

}  // namespace hocso::record

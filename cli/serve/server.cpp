#include "server.h"

#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <fmt/format.h>

#include "access_log.h"
#include "entry_data.h"
#include "fatal.h"
#include "hocso/messages.h"
#include "hocso/bundle_reader.h"

namespace hocso::serve {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using clock = std::chrono::steady_clock;

// Stored entries up to this size are read into the answer's one write; larger
// ones go out with sendfile after the head.
constexpr std::size_t kInlineFileBytes = 16 * 1024;
// Inflated bytes per write when a deflated entry is streamed.
constexpr std::size_t kStreamChunk = 64 * 1024;
// After an answer that closes the connection, what the client still sends is
// read and dropped for a moment, so that closing does not reset the connection
// before the client has read the answer (a reset can discard it).
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 64 * 1024;
// An event stream waits for events without a deadline (the client's leaving
// ends it); a write still has the send deadline.
constexpr auto kNoDeadline = std::chrono::milliseconds(std::chrono::hours(24 * 365));
// Events queued for a client that takes none: past this many it is dropped.
constexpr std::size_t kMaxPendingEvents = 64;

// The head's bytes, as Beast serializes it.
std::string serialize_head(http::response<http::empty_body>& head) {
  std::string out;
  http::response_serializer<http::empty_body> serializer{head};
  serializer.split(true);
  beast::error_code error;
  while (!error && !serializer.is_header_done()) {
    serializer.next(error, [&](beast::error_code&, const auto& buffers) {
      std::size_t n = 0;
      for (const auto buffer : beast::buffers_range_ref(buffers)) {
        out.append(static_cast<const char*>(buffer.data()), buffer.size());
        n += buffer.size();
      }
      serializer.consume(n);
    });
  }
  return out;
}

// The Date field (RFC 9110 6.6.1), made again once a second per thread.
std::string_view http_date() {
  thread_local std::time_t last = 0;
  thread_local char text[64] = {};
  const std::time_t now = std::time(nullptr);
  if (now != last) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    last = now;
  }
  return text;
}

// Open connections per client address and in all.
class ConnectionLimiter {
 public:
  ConnectionLimiter(std::size_t total, std::size_t per_client) : max_total_(total), max_per_client_(per_client) {}

  bool acquire(const std::string& client) {
    std::lock_guard lock(mutex_);
    if (total_ >= max_total_) return false;
    auto& count = per_client_[client];
    if (count >= max_per_client_) {
      if (count == 0) per_client_.erase(client);
      return false;
    }
    ++count;
    ++total_;
    return true;
  }
  void release(const std::string& client) {
    std::lock_guard lock(mutex_);
    --total_;
    const auto found = per_client_.find(client);
    if (found != per_client_.end() && --found->second == 0) per_client_.erase(found);
  }

 private:
  std::mutex mutex_;
  std::size_t max_total_;
  std::size_t max_per_client_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> per_client_;  // by address
};

// A deadline is looked at every tick: a fraction of the shortest timeout, so a
// timeout is late by at most that much, and no timer is set per request.
std::chrono::milliseconds tick_for(const ServerOptions& options) {
  const auto shortest = std::min({options.header_timeout, options.idle_timeout, options.send_timeout});
  return std::clamp(shortest / 4, std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
}

// Everything the connections share.
struct ServerState {
  ServerState(const ServerOptions& server_options, Site& served)
      : options(server_options),
        log(server_options.quiet, server_options.log_name),
        site(served),
        limiter(server_options.max_connections, server_options.max_connections_per_client),
        tick(tick_for(server_options)) {}

  const ServerOptions& options;
  AccessLog log;
  Site& site;  // what the answers come from
  ConnectionLimiter limiter;
  std::chrono::milliseconds tick;  // how often a connection looks at its deadline
};

class Connection : public std::enable_shared_from_this<Connection>, public EventFollower {
 public:
  // `client` (its address) holds a slot of the limiter, given back at the end.
  Connection(tcp::socket socket, std::shared_ptr<ServerState> state, std::string client)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        owner_(std::move(state)),
        state_(*owner_),
        buffer_(2 * state_.options.request.max_header_bytes),
        client_(std::move(client)) {}

  ~Connection() override { state_.limiter.release(client_); }

  void start() {
    beast::error_code ignored;
    // Heads and small bodies go out in one write each, at once: no waiting for
    // the client's ACK of the previous segment (Nagle), which costs 40 ms per
    // keep-alive request.
    socket_.set_option(tcp::no_delay(true), ignored);
    // sendfile is called directly: the socket must not block.
    socket_.native_non_blocking(true, ignored);
    arm(state_.options.header_timeout, Phase::head);
    watch_deadline();
    read_head();
  }

 private:
  // events: a Server-Sent Events stream between two events (no deadline).
  enum class Phase { idle, head, send, linger, events };

  // One deadline per phase; when it passes, the socket is closed and whatever
  // is pending fails. Setting it costs nothing: watch_deadline looks at it.
  void arm(std::chrono::milliseconds timeout, Phase phase) {
    phase_ = phase;
    deadline_ = clock::now() + timeout;
  }

  void watch_deadline() {
    timer_.expires_after(state_.tick);
    timer_.async_wait([self = shared_from_this()](beast::error_code error) {
      if (error || self->closed_) return;
      if (clock::now() < self->deadline_) return self->watch_deadline();
      switch (self->phase_) {
        case Phase::idle: self->state_.log.dropped(self->client_, Dropped::idle_timeout); break;
        case Phase::head: self->state_.log.dropped(self->client_, Dropped::header_timeout); break;
        case Phase::send: self->state_.log.dropped(self->client_, Dropped::send_timeout); break;
        case Phase::linger:
        case Phase::events: break;
      }
      self->close();
    });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    if (following_) {  // a stream ends when the client leaves: its log line now
      following_ = false;
      log_request();
    }
    beast::error_code ignored;
    timer_.cancel();
    socket_.close(ignored);
  }

  // Between keep-alive requests: wait for the next one's first bytes, then give
  // it the head timeout.
  void wait_for_request() {
    arm(state_.options.idle_timeout, Phase::idle);
    socket_.async_read_some(buffer_.prepare(2048), [self = shared_from_this()](beast::error_code error, std::size_t n) {
      if (self->closed_) return;
      if (error) return self->close();
      self->buffer_.commit(n);
      self->arm(self->state_.options.header_timeout, Phase::head);
      self->read_head();
    });
  }

  void read_head() {
    parser_.emplace();
    configure_parser(*parser_, state_.options.request);
    http::async_read_header(socket_, buffer_, *parser_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      self->on_head(error);
    });
  }

  void on_head(beast::error_code error) {
    if (closed_) return;
    started_ = clock::now();
    if (error) {
      // The client went away (before or in the middle of a head): nothing to answer.
      if (error == http::error::end_of_stream || error == http::error::partial_message ||
          error.category() != http::make_error_code(http::error::end_of_stream).category())
        return close();
      method_ = "-";
      target_ = "-";
      return respond(plan_parse_error(error));
    }
    const auto& request = parser_->get();
    method_ = std::string(request.method_string());
    target_ = std::string(request.target());
    // What this answer comes from (a bundle, bytes), kept until it is sent: a
    // switch to a new bundle meanwhile does not touch it.
    respond(state_.site.answer(request.base(), state_.options.request));
  }

  void respond(ResponsePlan plan) { respond(Answer{std::move(plan), nullptr, nullptr, nullptr}); }

  void respond(Answer answer) {
    plan_ = std::move(answer.plan);
    bundle_ = std::move(answer.bundle);
    events_ = std::move(answer.events);
    sent_ = 0;
    plan_.head.set(http::field::date, http_date());
    out_ = serialize_head(plan_.head);
    head_size_ = out_.size();
    cached_.reset();
    file_left_ = 0;
    trailer_left_ = 0;
    inflater_.reset();
    const BundleEntry* entry = plan_.entry;
    switch (plan_.body) {
      case BodyKind::none: break;
      case BodyKind::message: out_ += plan_.message; break;
      case BodyKind::entry:
        if (!entry->deflated) {
          file_offset_ = entry->data_offset + plan_.first;
          file_left_ = plan_.length;
        } else if (bundle_->cache().holds(*entry)) {
          cached_ = bundle_->cache().get(*entry);
          if (!cached_) return respond(no_longer_verifies());
        } else {
          inflater_ = std::make_unique<InflatingReader>(bundle_->fd(), *entry);
          stream_skip_ = plan_.first;
          stream_left_ = plan_.length;
        }
        break;
      case BodyKind::bytes:
      case BodyKind::events:
        cached_ = std::move(answer.bytes);
        if (plan_.body == BodyKind::events) {
          plan_.first = 0;
          plan_.length = cached_ ? cached_->size() : 0;
        }
        if (!cached_) cached_ = std::make_shared<const std::string>();
        break;
      case BodyKind::entry_gzip: {
        const auto header = gzip_header();
        out_.append(header.data(), header.size());
        file_offset_ = entry->data_offset;
        file_left_ = entry->compressed_size;
        trailer_ = gzip_trailer(*entry);
        trailer_left_ = trailer_.size();
        break;
      }
    }
    // A small stored entry (or a small gzip answer) goes out with its head.
    if (file_left_ > 0 && file_left_ <= kInlineFileBytes) {
      const std::size_t start = out_.size();
      out_.resize(start + file_left_);
      const ssize_t n = ::pread(bundle_->fd(), out_.data() + start, file_left_, static_cast<off_t>(file_offset_));
      if (n != static_cast<ssize_t>(file_left_)) return close();
      file_left_ = 0;
      out_.append(trailer_.data() + trailer_.size() - trailer_left_, trailer_left_);
      trailer_left_ = 0;
    }
    Buffers buffers{asio::buffer(out_), asio::const_buffer()};
    if (cached_) buffers[1] = asio::buffer(cached_->data() + plan_.first, static_cast<std::size_t>(plan_.length));
    if (plan_.body == BodyKind::events) return write_then(buffers, [](Connection& self) { self.follow_events(); });
    write_then(buffers, [](Connection& self) { self.continue_body(); });
  }

  // A Server-Sent Events stream: the head and the first bytes went out; now
  // each published event is written as it comes, until the client leaves
  // (seen by a read that ends: it sends nothing more) or the server stops.
  void follow_events() {
    cached_.reset();
    following_ = true;
    arm(kNoDeadline, Phase::events);
    events_->follow(std::weak_ptr<EventFollower>(shared_from_this()));
    buffer_.clear();
    socket_.async_read_some(buffer_.prepare(512), [self = shared_from_this()](beast::error_code, std::size_t) {
      self->close();  // an error or bytes: either way the stream is over
    });
  }

  void deliver(std::shared_ptr<const std::string> event) override {
    asio::post(socket_.get_executor(), [self = shared_from_this(), event = std::move(event)]() mutable {
      if (self->closed_ || !self->following_) return;
      if (self->pending_events_.size() >= kMaxPendingEvents) return self->close();  // a client that reads nothing
      self->pending_events_.push_back(std::move(event));
      if (self->pending_events_.size() == 1) self->write_event();
    });
  }

  void write_event() {
    write_then({asio::buffer(*pending_events_.front()), asio::const_buffer()}, [](Connection& self) {
      self.pending_events_.pop_front();
      if (!self.pending_events_.empty()) return self.write_event();
      self.arm(kNoDeadline, Phase::events);
    });
  }

  ResponsePlan no_longer_verifies() {
    state_.log.note(fmt::format("{}: the entry no longer verifies", escape_for_log(plan_.entry->name)));
    return plan_text(http::status::internal_server_error, "500 Internal Server Error: the entry no longer verifies");
  }

  void continue_body() {
    if (file_left_ > 0) return send_file();
    if (trailer_left_ > 0) {
      trailer_left_ = 0;
      return write_then({asio::buffer(trailer_), asio::const_buffer()}, [](Connection& self) { self.finish(); });
    }
    if (inflater_ && stream_left_ > 0) return send_stream();
    finish();
  }

  using Buffers = std::array<asio::const_buffer, 2>;

  // Writes `buffers`, then calls next(*this). The send deadline is set again
  // for each write the socket takes: it bounds a stall, not a slow client.
  template <typename Next>
  void write_then(Buffers buffers, Next next) {
    arm(state_.options.send_timeout, Phase::send);
    socket_.async_write_some(buffers, [self = shared_from_this(), buffers, next](beast::error_code error, std::size_t n) mutable {
      if (self->closed_) return;
      if (error) return self->send_failed();
      self->sent_ += n;
      for (auto& buffer : buffers) {
        const std::size_t used = std::min(n, buffer.size());
        buffer += used;
        n -= used;
      }
      if (buffers[0].size() + buffers[1].size() == 0) return next(*self);
      self->write_then(buffers, next);
    });
  }


  // The file region straight from the page cache to the socket; waits for the
  // socket to take more when it is full (each wait has the send deadline).
  void send_file() {
    while (file_left_ > 0) {
      off_t offset = static_cast<off_t>(file_offset_);
      const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(file_left_, 1u << 20));
      const ssize_t n = ::sendfile(socket_.native_handle(), bundle_->fd(), &offset, count);
      if (n > 0) {
        file_offset_ += static_cast<std::uint64_t>(n);
        file_left_ -= static_cast<std::uint64_t>(n);
        sent_ += static_cast<std::uint64_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        arm(state_.options.send_timeout, Phase::send);
        socket_.async_wait(tcp::socket::wait_write, [self = shared_from_this()](beast::error_code error) {
          if (self->closed_) return;
          if (error) return self->send_failed();
          self->send_file();
        });
        return;
      }
      return send_failed();  // n == 0: the file is shorter than it was (it changed)
    }
    continue_body();
  }

  // A deflated entry too large for the cache: inflated chunk by chunk; the
  // SHA-256 is checked when the whole entry went out. A failure cuts the
  // answer short (the client sees fewer bytes than Content-Length).
  void send_stream() {
    chunk_.clear();
    while (stream_skip_ > 0) {
      if (!inflater_->read(chunk_, static_cast<std::size_t>(std::min<std::uint64_t>(stream_skip_, kStreamChunk))))
        return stream_failed();
      stream_skip_ -= chunk_.size();
      chunk_.clear();
    }
    if (!inflater_->read(chunk_, static_cast<std::size_t>(std::min<std::uint64_t>(stream_left_, kStreamChunk))))
      return stream_failed();
    stream_left_ -= chunk_.size();
    if (stream_left_ == 0 && inflater_->done() && !inflater_->verified()) return stream_failed();
    write_then({asio::buffer(chunk_), asio::const_buffer()}, [](Connection& self) { self.continue_body(); });
  }

  void stream_failed() {
    state_.log.note(fmt::format("{}: the entry no longer verifies; answer cut short", escape_for_log(plan_.entry->name)));
    close();
  }

  void send_failed() {
    state_.log.dropped(client_, Dropped::send_error);
    close();
  }

  void log_request() {
    const double ms = std::chrono::duration<double, std::milli>(clock::now() - started_).count();
    const std::uint64_t body = sent_ >= head_size_ ? sent_ - head_size_ : 0;
    state_.log.request(client_, method_, target_, plan_.head.result_int(), body, ms);
  }

  void finish() {
    log_request();
    cached_.reset();
    inflater_.reset();
    plan_.entry = nullptr;
    bundle_.reset();  // sent: the next request takes the current bundle
    if (plan_.close) return linger_close();
    if (buffer_.size() > 0) {  // a pipelined request is already here
      arm(state_.options.header_timeout, Phase::head);
      return read_head();
    }
    wait_for_request();
  }

  void linger_close() {
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    arm(std::chrono::duration_cast<std::chrono::milliseconds>(kLingerTime), Phase::linger);
    buffer_.clear();
    linger_read(0);
  }

  void linger_read(std::size_t dropped) {
    if (dropped >= kLingerBytes) return close();
    socket_.async_read_some(buffer_.prepare(4096), [self = shared_from_this(), dropped](beast::error_code error, std::size_t n) {
      if (self->closed_) return;
      if (error) return self->close();
      self->buffer_.clear();
      self->linger_read(dropped + n);
    });
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  clock::time_point deadline_;
  Phase phase_ = Phase::head;
  bool closed_ = false;
  // The shared state lives as long as any connection: pending handlers (and
  // so connections) are destroyed with the io_context, after run_server's locals.
  std::shared_ptr<ServerState> owner_;
  ServerState& state_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> parser_;
  std::string client_;

  // The answer being sent, and the bundle (or event stream) it comes from.
  std::shared_ptr<ServedBundle> bundle_;
  std::shared_ptr<EventStream> events_;
  bool following_ = false;  // an event stream is open
  std::deque<std::shared_ptr<const std::string>> pending_events_;  // the first is being written
  ResponsePlan plan_;
  std::string method_, target_;
  clock::time_point started_;
  std::string out_;  // head, and a short body
  std::size_t head_size_ = 0;
  std::uint64_t sent_ = 0;
  std::shared_ptr<const std::string> cached_;
  std::uint64_t file_offset_ = 0, file_left_ = 0;
  std::array<char, 8> trailer_{};
  std::size_t trailer_left_ = 0;
  std::unique_ptr<InflatingReader> inflater_;
  std::uint64_t stream_skip_ = 0, stream_left_ = 0;
  std::string chunk_;
};

class Listener {
 public:
  // Accepts on `acceptor` and hands connections to the io_contexts in turn.
  Listener(std::shared_ptr<ServerState> state, tcp::acceptor& acceptor,
           const std::vector<std::unique_ptr<asio::io_context>>& contexts)
      : state_(std::move(state)), acceptor_(acceptor), contexts_(contexts), retry_(acceptor.get_executor()) {
    refusal_ = plan_too_many_connections();
    refusal_.head.set(http::field::date, http_date());
    refusal_bytes_ = serialize_head(refusal_.head) + refusal_.message;
  }

  void accept() {
    asio::io_context& next = *contexts_[next_++ % contexts_.size()];
    acceptor_.async_accept(next, [this](beast::error_code error, tcp::socket socket) {
      if (error == asio::error::operation_aborted || !acceptor_.is_open()) return;
      if (error) {
        // Out of descriptors or memory: try again shortly rather than spin.
        if (!warned_)
          state_->log.note(fmt::format(fmt::runtime(_("cannot accept a connection: {reason}; retrying")),
                                       fmt::arg("reason", error.message())));
        warned_ = true;
        retry_.expires_after(std::chrono::milliseconds(100));
        retry_.async_wait([this](beast::error_code e) {
          if (!e) accept();
        });
        return;
      }
      on_accept(std::move(socket));
      accept();
    });
  }

 private:
  void on_accept(tcp::socket socket) {
    beast::error_code ignored;
    const auto endpoint = socket.remote_endpoint(ignored);
    if (ignored) return;  // already gone
    std::string client = endpoint.address().to_string();
    if (!state_->limiter.acquire(client)) {
      // Refused before anything is read: one non-blocking send of the 503.
      [[maybe_unused]] const ssize_t n =
          ::send(socket.native_handle(), refusal_bytes_.data(), refusal_bytes_.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
      socket.shutdown(tcp::socket::shutdown_send, ignored);
      socket.close(ignored);
      state_->log.dropped(client, Dropped::refused);
      return;
    }
    // Started on its own io_context's thread, which alone touches it from now on.
    auto executor = socket.get_executor();
    asio::post(executor, [connection = std::make_shared<Connection>(std::move(socket), state_, std::move(client))] {
      connection->start();
    });
  }

  std::shared_ptr<ServerState> state_;
  tcp::acceptor& acceptor_;
  const std::vector<std::unique_ptr<asio::io_context>>& contexts_;
  std::size_t next_ = 0;
  asio::steady_timer retry_;
  ResponsePlan refusal_;
  std::string refusal_bytes_;
  bool warned_ = false;
};

// Enough descriptors for every connection the limits allow.
void raise_descriptor_limit(std::size_t connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = static_cast<rlim_t>(connections + 64);
  if (limit.rlim_cur >= wanted) return;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
  setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

void run_server(const ServerOptions& options, Site& site, const std::function<void(const std::string& url)>& listening) {
  // sendfile has no MSG_NOSIGNAL: a client gone away must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);
  raise_descriptor_limit(options.max_connections);

  // One io_context per thread, each connection on one of them for its whole
  // life: no locks or thread hand-offs on a request's path. The first one also
  // accepts and takes the signals.
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  for (unsigned i = 0; i < std::max(options.threads, 1u); ++i) {
    contexts.push_back(std::make_unique<asio::io_context>(1));
    keep_running.push_back(asio::make_work_guard(*contexts.back()));
  }
  asio::io_context& main = *contexts.front();

  beast::error_code error;
  const auto address = asio::ip::make_address(options.host, error);
  if (error)
    throw FatalError(fmt::format(fmt::runtime(_("cannot listen on {host}: not an IP address")), fmt::arg("host", options.host)));
  tcp::acceptor acceptor(main);
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(options.port));
  acceptor.open(endpoint.protocol(), error);
  // SO_REUSEADDR only (no SO_REUSEPORT): a second server on the port must fail, not share it.
  if (!error) acceptor.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  // The kernel caps the backlog at net.core.somaxconn.
  if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error)
    throw FatalError(fmt::format(fmt::runtime(_("cannot listen on {host}:{port} (in use, or not an address of this "
                                                "machine)")),
                                 fmt::arg("host", options.host), fmt::arg("port", options.port)));
  const int port = acceptor.local_endpoint().port();

  asio::signal_set signals(main, SIGINT, SIGTERM);
  auto state = std::make_shared<ServerState>(options, site);
  site.start(main, state->log);
  signals.async_wait([&](beast::error_code e, int) {
    if (e) return;
    beast::error_code ignored;
    acceptor.close(ignored);
    site.stop();
    for (auto& context : contexts) context->stop();
  });
  Listener listener(state, acceptor, contexts);
  listener.accept();

  const std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  listening(fmt::format("http://{}:{}/", host, port));

  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < contexts.size(); ++i) threads.emplace_back([&context = *contexts[i]] { context.run(); });
  main.run();
  for (auto& thread : threads) thread.join();
  site.finish();

  if (options.summary) state->log.note(state->log.summary());
}

namespace {

// hocso serve's site: the bundle new requests get (CurrentBundle), replaced by
// the watcher when a newer verified file is moved onto its path.
class BundleSite final : public Site {
 public:
  BundleSite(const ServerOptions& options, BundleSource source, std::shared_ptr<ServedBundle> first)
      : options_(options), source_(std::move(source)), first_(std::move(first)) {}

  void start(asio::io_context& first_thread, AccessLog& log) override {
    current_.emplace(std::move(first_), log);
    // Looks at the bundle's path on the first thread; verifies on a thread of its own.
    watcher_.emplace(first_thread, std::move(source_), *current_, log, options_.bundle_check_interval);
    watcher_->start();
  }
  void stop() override { watcher_->stop(); }
  void finish() override {
    watcher_.reset();
    current_.reset();
  }

  Answer answer(const http::request_header<>& request, const RequestLimits& limits) override {
    Answer answer;
    answer.bundle = current_->get();
    if (!answer.bundle) {
      answer.plan = plan_text(http::status::service_unavailable,
                              "503 Service Unavailable: the bundle is being replaced; try again in a moment");
      answer.plan.head.set(http::field::retry_after, "1");
      return answer;
    }
    answer.plan = plan_response(request, answer.bundle->catalog(), limits);
    return answer;
  }

 private:
  const ServerOptions& options_;
  BundleSource source_;
  std::shared_ptr<ServedBundle> first_;
  std::optional<CurrentBundle> current_;  // from start() on
  std::optional<BundleWatcher> watcher_;
};

}  // namespace

void run_server(const ServerOptions& options, BundleSource source, std::shared_ptr<ServedBundle> first) {
  const std::string label = first->label();
  BundleSite site(options, std::move(source), std::move(first));
  run_server(options, site, [&](const std::string& url) {
    std::printf("%s\n%s\n",
                fmt::format(fmt::runtime(_("serving {bundle} (verified) at {address}")), fmt::arg("bundle", label),
                            fmt::arg("address", url))
                    .c_str(),
                _("stop with Ctrl-C"));
    std::fflush(stdout);
  });
  std::printf("%s\n", _("stopped"));
  std::fflush(stdout);
}

}  // namespace hocso::serve

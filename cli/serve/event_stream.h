#pragma once
// Server-Sent Events (HTML Living Standard, "Server-sent events"): a stream
// answer (text/event-stream) that the server keeps open, writing each event
// published after the connection started following it. hocso preview tells
// its open pages to reload with them.

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace hocso::serve {

// A connection that follows a stream (the server's connections).
class EventFollower {
 public:
  virtual ~EventFollower() = default;
  // Queues `event` (its whole bytes) to be written; called on the publishing
  // thread, so it must only hand the bytes over to the connection's own thread.
  virtual void deliver(std::shared_ptr<const std::string> event) = 0;
};

class EventStream {
 public:
  // The bytes of one event whose data is `data` (one line: a newline in it
  // would start another field, so each is sent as a data line of its own).
  static std::string event_bytes(std::string_view data);

  // Sends an event with `data` to every connection following. Thread-safe.
  void publish(std::string_view data);
  // Adds a follower; it is dropped once it is gone. Thread-safe.
  void follow(std::weak_ptr<EventFollower> follower);
  // How many follow now (for tests and logs).
  std::size_t followers() const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::weak_ptr<EventFollower>> followers_;
};

}  // namespace hocso::serve

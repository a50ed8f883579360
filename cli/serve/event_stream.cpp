#include "event_stream.h"

#include <algorithm>

namespace hocso::serve {

std::string EventStream::event_bytes(std::string_view data) {
  std::string out;
  out.reserve(data.size() + 16);
  std::size_t start = 0;
  while (true) {
    const std::size_t end = data.find_first_of("\r\n", start);
    out += "data: ";
    out.append(data.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    out += '\n';
    if (end == std::string_view::npos) break;
    start = end + (data.compare(end, 2, "\r\n") == 0 ? 2 : 1);
  }
  out += '\n';  // a blank line ends the event
  return out;
}

void EventStream::publish(std::string_view data) {
  const auto event = std::make_shared<const std::string>(event_bytes(data));
  std::vector<std::shared_ptr<EventFollower>> live;
  {
    std::lock_guard lock(mutex_);
    std::erase_if(followers_, [](const std::weak_ptr<EventFollower>& f) { return f.expired(); });
    for (const auto& f : followers_)
      if (auto follower = f.lock()) live.push_back(std::move(follower));
  }
  for (const auto& follower : live) follower->deliver(event);
}

void EventStream::follow(std::weak_ptr<EventFollower> follower) {
  std::lock_guard lock(mutex_);
  std::erase_if(followers_, [](const std::weak_ptr<EventFollower>& f) { return f.expired(); });
  followers_.push_back(std::move(follower));
}

std::size_t EventStream::followers() const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(followers_.begin(), followers_.end(), [](const auto& f) { return !f.expired(); }));
}

}  // namespace hocso::serve

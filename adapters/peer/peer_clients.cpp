#include "adapters/peer/peer_clients.h"
#include "broker/core/thread_name.h"

#include <cstring>
#include <iostream>

#include <zmq_addon.hpp>

namespace renkei::peer {
namespace {

using Clock = std::chrono::steady_clock;

PeerAnswer notAnswered(PeerAnswer::Outcome outcome, std::string error) {
  PeerAnswer answer;
  answer.outcome = outcome;
  answer.error = std::move(error);
  return answer;
}

}  // namespace

PeerClients::PeerClients(PeerClientSettings settings)
    : settings_(std::move(settings)), context_(1) {
  for (std::size_t i = 0; i < settings_.peers.size(); ++i) {
    const PeerEndpoint& peer = settings_.peers[i];
    Link link;
    link.endpoint = peer;
    link.health = std::make_unique<PeerHealth>(
        settings_.breaker_failures, std::chrono::milliseconds(settings_.breaker_open_ms));
    link.socket = zmq::socket_t(context_, zmq::socket_type::dealer);
    link.socket.set(zmq::sockopt::curve_serverkey, peer.public_key);
    link.socket.set(zmq::sockopt::curve_publickey, settings_.public_key);
    link.socket.set(zmq::sockopt::curve_secretkey, settings_.secret_key);
    // Queue only on a connection whose handshake is done: with none, a send fails at once,
    // which is what turns a peer that is down into a fast Server.PeerUnavailable.
    link.socket.set(zmq::sockopt::immediate, 1);
    link.socket.set(zmq::sockopt::heartbeat_ivl, settings_.heartbeat_ms);
    link.socket.set(zmq::sockopt::heartbeat_timeout, 3 * settings_.heartbeat_ms);
    link.socket.set(zmq::sockopt::reconnect_ivl, 100);
    link.socket.set(zmq::sockopt::reconnect_ivl_max, 1000);
    link.socket.set(zmq::sockopt::linger, 0);
    link.socket.set(zmq::sockopt::maxmsgsize,
                    static_cast<int64_t>(settings_.max_answer_bytes + 64 * 1024));
    const std::string monitor = "inproc://renkei-peer-monitor-" + std::to_string(i);
    zmq_socket_monitor(link.socket.handle(), monitor.c_str(),
                       ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_DISCONNECTED |
                           ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
                           ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL);
    link.monitor = zmq::socket_t(context_, zmq::socket_type::pair);
    link.monitor.set(zmq::sockopt::linger, 0);
    link.monitor.connect(monitor);
    link.socket.connect(peer.endpoint);
    by_name_[peer.name] = i;
    links_.push_back(std::move(link));
  }
}

PeerClients::~PeerClients() {
  stop();
  for (Link& link : links_) {
    zmq_socket_monitor(link.socket.handle(), nullptr, 0);
    link.monitor.close();
    link.socket.close();
  }
}

void PeerClients::start() {
  thread_ = namedThread("peer-clients", [this] { run(); });
}

void PeerClients::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < links_.size(); ++i) failAllLocked(i, "the broker is stopping");
}

bool PeerClients::connected(const std::string& peer) const {
  auto it = by_name_.find(peer);
  return it != by_name_.end() && links_[it->second].health->connected();
}

bool PeerClients::available(const std::string& peer) const {
  auto it = by_name_.find(peer);
  return it != by_name_.end() && links_[it->second].health->refusal(Clock::now()).empty();
}

PeerAnswer PeerClients::call(const std::string& peer, const PeerCall& call,
                             Clock::time_point deadline) {
  auto it = by_name_.find(peer);
  if (it == by_name_.end()) {
    return notAnswered(PeerAnswer::kUnavailable, "no peer " + peer + " in the directory");
  }
  const std::size_t index = it->second;
  Link& link = links_[index];
  if (std::string why = link.health->refusal(Clock::now()); !why.empty()) {
    return notAnswered(PeerAnswer::kUnavailable, why);
  }
  const uint64_t correlation = next_correlation_++;
  auto pending = std::make_shared<Pending>();
  pending->peer = peer;
  std::unique_lock lock(mutex_);
  if (stopping_) return notAnswered(PeerAnswer::kUnavailable, "the broker is stopping");
  if (link.in_flight >= settings_.max_in_flight_per_peer) {
    return notAnswered(PeerAnswer::kOverloaded,
                       std::to_string(link.in_flight) + " calls to it are waiting already");
  }
  ++link.in_flight;
  pending_[correlation] = pending;
  outgoing_.push_back({correlation, index, encodeRequest(correlation, call)});
  wakeup_.signal();
  const bool answered = pending->cv.wait_until(lock, deadline, [&] { return pending->done; });
  --link.in_flight;
  pending_.erase(correlation);
  lock.unlock();
  if (!answered) {
    link.health->failed(Clock::now());
    return notAnswered(PeerAnswer::kTimeout, "no answer before the exchange's deadline");
  }
  if (pending->answer.outcome == PeerAnswer::kAnswered) {
    link.health->succeeded();
  } else if (pending->answer.outcome == PeerAnswer::kUnavailable) {
    link.health->failed(Clock::now());
  }
  return std::move(pending->answer);
}

void PeerClients::completeLocked(uint64_t correlation, PeerAnswer answer) {
  auto it = pending_.find(correlation);
  if (it == pending_.end() || it->second->done) return;  // gave up already
  it->second->answer = std::move(answer);
  it->second->done = true;
  it->second->cv.notify_one();
}

void PeerClients::failAllLocked(std::size_t link, const std::string& why) {
  const std::string& name = links_[link].endpoint.name;
  for (auto& [correlation, pending] : pending_) {
    if (pending->peer != name || pending->done) continue;
    pending->answer = notAnswered(PeerAnswer::kUnavailable, why);
    pending->done = true;
    pending->cv.notify_one();
  }
}

void PeerClients::run() {
  std::vector<zmq::pollitem_t> items;
  items.push_back({nullptr, wakeup_.fd(), ZMQ_POLLIN, 0});
  for (Link& link : links_) {
    items.push_back({link.socket.handle(), 0, ZMQ_POLLIN, 0});
    items.push_back({link.monitor.handle(), 0, ZMQ_POLLIN, 0});
  }
  while (!stopping_) {
    try {
      zmq::poll(items.data(), items.size(), std::chrono::milliseconds(100));
      if (items[0].revents & ZMQ_POLLIN) {
        wakeup_.drain();
        sendQueued();
      }
      for (std::size_t i = 0; i < links_.size(); ++i) {
        if (items[1 + 2 * i + 1].revents & ZMQ_POLLIN) monitorEvent(i);
        if (items[1 + 2 * i].revents & ZMQ_POLLIN) receive(i);
      }
    } catch (const zmq::error_t& e) {
      std::cerr << "renkei: peer client: " << e.what() << "\n";
    }
  }
}

void PeerClients::sendQueued() {
  std::deque<Outgoing> outgoing;
  {
    std::lock_guard lock(mutex_);
    outgoing.swap(outgoing_);
  }
  for (Outgoing& out : outgoing) {
    std::vector<zmq::const_buffer> parts;
    for (const std::string& f : out.frames) parts.push_back(zmq::buffer(f));
    bool sent = false;
    try {
      sent = zmq::send_multipart(links_[out.link].socket, parts, zmq::send_flags::dontwait)
                 .has_value();
    } catch (const zmq::error_t&) {
    }
    if (!sent) {
      std::lock_guard lock(mutex_);
      completeLocked(out.correlation,
                     notAnswered(PeerAnswer::kUnavailable, "no connection to the peer"));
    }
  }
}

void PeerClients::receive(std::size_t link) {
  for (int i = 0; i < 64; ++i) {
    std::vector<zmq::message_t> parts;
    if (!zmq::recv_multipart(links_[link].socket, std::back_inserter(parts),
                             zmq::recv_flags::dontwait)) {
      return;
    }
    Frames frames;
    for (auto& part : parts) frames.push_back(part.to_string());
    std::string error;
    auto reply = decodeReply(frames, settings_.max_answer_bytes, &error);
    if (!reply) {
      std::cerr << "renkei: peer client: dropped a malformed reply from peer "
                << links_[link].endpoint.name << ": " << error << "\n";
      continue;
    }
    std::lock_guard lock(mutex_);
    completeLocked(reply->correlation, std::move(reply->answer));
  }
}

void PeerClients::monitorEvent(std::size_t index) {
  Link& link = links_[index];
  std::vector<zmq::message_t> parts;
  if (!zmq::recv_multipart(link.monitor, std::back_inserter(parts), zmq::recv_flags::dontwait) ||
      parts.empty() || parts[0].size() < 6) {
    return;
  }
  uint16_t event = 0;
  uint32_t value = 0;
  std::memcpy(&event, parts[0].data(), sizeof event);
  std::memcpy(&value, static_cast<const char*>(parts[0].data()) + 2, sizeof value);
  const std::string& name = link.endpoint.name;
  if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
    if (!link.health->connected()) {
      // One write per line: std::cerr is unbuffered, and the serve thread prints meanwhile.
      std::cerr << ("renkei: federation: connected to peer " + name + "\n");
    }
    link.health->setConnected(true);
    link.complained = false;
  } else if (event == ZMQ_EVENT_DISCONNECTED) {
    if (link.health->connected()) {
      std::cerr << ("renkei: federation: lost the connection to peer " + name + "\n");
    }
    link.health->setConnected(false);
    std::lock_guard lock(mutex_);
    failAllLocked(index, "the connection to the peer was lost");
  } else if (link.complained) {
    return;
  } else {
    // Logged once per failing series: ZeroMQ retries every second and would repeat it.
    link.complained = true;
    std::cerr << "renkei: federation: could not authenticate with peer " << name << ": "
              << (event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
                      ? "it refused this broker's CURVE key (is this broker in its directory?)"
                      : "CURVE handshake failed (event " + std::to_string(event) + ", " +
                            std::to_string(value) + "; is its curvePublicKey right?)")
              << "\n";
  }
}

}  // namespace renkei::peer

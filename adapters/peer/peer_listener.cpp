#include "adapters/peer/peer_listener.h"

#include <iostream>
#include <stdexcept>
#include <vector>

#include <zmq_addon.hpp>

#include "adapters/peer/peer_frames.h"
#include "adapters/peer/snapshot_frames.h"
#include "broker/core/thread_name.h"

namespace renkei::peer {
namespace {

PeerAnswer refusal(const char* status, int http_status, std::string reason) {
  PeerAnswer answer;
  answer.outcome = PeerAnswer::kAnswered;
  answer.status = status;
  answer.http_status = http_status;
  answer.reason = std::move(reason);
  return answer;
}

}  // namespace

PeerListener::PeerListener(PeerListenerSettings settings, PeerCallHandler& handler,
                           Executor executor)
    : settings_(std::move(settings)),
      handler_(handler),
      executor_(std::move(executor)),
      context_(1) {
  zap_ = std::make_unique<ZapHandler>(context_, settings_.peers_by_key);
  socket_ = zmq::socket_t(context_, zmq::socket_type::router);
  socket_.set(zmq::sockopt::curve_server, 1);
  socket_.set(zmq::sockopt::curve_secretkey, settings_.secret_key);
  // Every connection goes through ZAP, even with no domain set.
  socket_.set(zmq::sockopt::zap_domain, "renkei-federation");
  // A peer that sends more than a message may hold is cut off before it is buffered.
  socket_.set(zmq::sockopt::maxmsgsize, static_cast<int64_t>(settings_.max_body_bytes + 64 * 1024));
  socket_.set(zmq::sockopt::heartbeat_ivl, settings_.heartbeat_ms);
  socket_.set(zmq::sockopt::heartbeat_timeout, 3 * settings_.heartbeat_ms);
  socket_.set(zmq::sockopt::linger, 0);
  try {
    socket_.bind(settings_.endpoint);
  } catch (const zmq::error_t& e) {
    throw std::runtime_error("federation listener cannot bind " + settings_.endpoint + ": " +
                             e.what());
  }
}

PeerListener::~PeerListener() { stop(); }

void PeerListener::start() {
  thread_ = namedThread("peer-listener", [this] { run(); });
}

void PeerListener::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void PeerListener::run() {
  while (!stopping_) {
    zmq::pollitem_t items[] = {{socket_.handle(), 0, ZMQ_POLLIN, 0},
                               {nullptr, wakeup_.fd(), ZMQ_POLLIN, 0}};
    try {
      zmq::poll(items, 2, std::chrono::milliseconds(100));
      if (items[1].revents & ZMQ_POLLIN) {
        wakeup_.drain();
        sendDone();
      }
      if (items[0].revents & ZMQ_POLLIN) receive();
    } catch (const zmq::error_t& e) {
      std::cerr << "renkei: peer listener: " << e.what() << "\n";
    }
  }
}

void PeerListener::receive() {
  // Drain what is there: one poll may stand for several messages.
  for (int i = 0; i < 64; ++i) {
    std::vector<zmq::message_t> parts;
    if (!zmq::recv_multipart(socket_, std::back_inserter(parts), zmq::recv_flags::dontwait)) {
      return;
    }
    if (parts.size() < 2) continue;
    // The ZAP handler's User-Id: the authenticated peer's name (never from the message).
    const char* user = zmq_msg_gets(parts[1].handle(), "User-Id");
    const std::string peer = user ? user : "";
    const std::string routing_id = parts[0].to_string();
    Frames frames;
    for (std::size_t k = 1; k < parts.size(); ++k) frames.push_back(parts[k].to_string());
    if (!frames.empty() && frames[0] == kSnapshotRequestTag && !peer.empty()) {
      answerSnapshot(routing_id, peer, frames);
      continue;
    }
    std::string error;
    auto request = decodeRequest(frames, settings_.max_body_bytes, &error);
    if (!request || peer.empty()) {
      // Nothing to correlate a reply with: the sender's call runs into its deadline.
      std::cerr << "renkei: peer listener: dropped a malformed message from peer "
                << (peer.empty() ? "?" : peer) << ": " << error << "\n";
      continue;
    }
    std::size_t& in_flight = in_flight_[peer];
    if (in_flight >= settings_.max_in_flight_per_peer) {
      reply(routing_id, request->correlation,
            refusal("Server.Overloaded", 503,
                    "peer " + peer + " has " + std::to_string(in_flight) +
                        " requests running here already"));
      continue;
    }
    ++in_flight;
    const uint64_t correlation = request->correlation;
    auto task = [this, routing_id, peer, correlation, call = std::move(request->call)]() mutable {
      PeerAnswer answer;
      try {
        answer = handler_.handle(peer, std::move(call));
      } catch (const std::exception& e) {
        answer = refusal("Server.Internal", 500, "the receiving broker failed");
        std::cerr << "renkei: peer listener: request from " << peer << " failed: " << e.what()
                  << "\n";
      }
      {
        std::lock_guard lock(mutex_);
        done_.push_back({routing_id, peer, encodeReply(correlation, answer)});
      }
      wakeup_.signal();
    };
    if (!executor_(std::move(task))) {
      --in_flight;
      reply(routing_id, correlation,
            refusal("Server.Overloaded", 503, "the receiving broker's peer workers are busy"));
    }
  }
}

void PeerListener::sendDone() {
  std::deque<Done> done;
  {
    std::lock_guard lock(mutex_);
    done.swap(done_);
  }
  for (Done& d : done) {
    auto it = in_flight_.find(d.peer);
    if (it != in_flight_.end() && it->second > 0) --it->second;
    std::vector<zmq::const_buffer> parts;
    parts.push_back(zmq::buffer(d.routing_id));
    for (const std::string& f : d.frames) parts.push_back(zmq::buffer(f));
    // A peer gone since it asked: ROUTER drops the reply, its caller has failed already.
    zmq::send_multipart(socket_, parts, zmq::send_flags::dontwait);
  }
}

void PeerListener::reply(const std::string& routing_id, uint64_t correlation,
                         const PeerAnswer& answer) {
  std::vector<zmq::const_buffer> parts;
  parts.push_back(zmq::buffer(routing_id));
  const Frames frames = encodeReply(correlation, answer);
  for (const std::string& f : frames) parts.push_back(zmq::buffer(f));
  zmq::send_multipart(socket_, parts, zmq::send_flags::dontwait);
}

}  // namespace renkei::peer

#include "adapters/peer/snapshot_fetcher.h"

#include <zmq_addon.hpp>

#include "adapters/peer/snapshot_frames.h"

namespace renkei::peer {
namespace {

using Clock = std::chrono::steady_clock;

SnapshotFetch failed(std::string why) {
  SnapshotFetch out;
  out.error = std::move(why);
  return out;
}

}  // namespace

SnapshotFetcher::SnapshotFetcher(SnapshotFetcherSettings settings)
    : settings_(std::move(settings)), context_(1) {
  socket_ = zmq::socket_t(context_, zmq::socket_type::dealer);
  socket_.set(zmq::sockopt::curve_serverkey, settings_.primary_public_key);
  socket_.set(zmq::sockopt::curve_publickey, settings_.public_key);
  socket_.set(zmq::sockopt::curve_secretkey, settings_.secret_key);
  // A fetch while the line is down fails at once instead of queueing for a later connection.
  socket_.set(zmq::sockopt::immediate, 1);
  socket_.set(zmq::sockopt::heartbeat_ivl, settings_.heartbeat_ms);
  socket_.set(zmq::sockopt::heartbeat_timeout, 3 * settings_.heartbeat_ms);
  socket_.set(zmq::sockopt::reconnect_ivl, 100);
  socket_.set(zmq::sockopt::reconnect_ivl_max, 1000);
  socket_.set(zmq::sockopt::linger, 0);
  socket_.set(zmq::sockopt::maxmsgsize, static_cast<int64_t>(settings_.max_bytes + 64 * 1024));
  socket_.connect(settings_.endpoint);
}

SnapshotFetcher::~SnapshotFetcher() { socket_.close(); }

SnapshotFetch SnapshotFetcher::fetch(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  const std::string nonce = std::to_string(next_nonce_++);
  try {
    const Frames request = encodeSnapshotRequest(nonce);
    std::vector<zmq::const_buffer> parts;
    for (const std::string& f : request) parts.push_back(zmq::buffer(f));
    if (!zmq::send_multipart(socket_, parts, zmq::send_flags::dontwait)) {
      return failed("no connection to primary " + settings_.primary + " (" + settings_.endpoint +
                    ")");
    }
    while (true) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        return failed("primary " + settings_.primary + " did not answer within " +
                      std::to_string(timeout.count()) + " ms");
      }
      zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
      zmq::poll(&item, 1, left);
      if (!(item.revents & ZMQ_POLLIN)) continue;
      std::vector<zmq::message_t> received;
      if (!zmq::recv_multipart(socket_, std::back_inserter(received), zmq::recv_flags::dontwait)) {
        continue;
      }
      Frames frames;
      for (auto& part : received) frames.push_back(part.to_string());
      std::string error;
      auto reply = decodeSnapshotReply(frames, settings_.max_bytes, &error);
      if (!reply) return failed("malformed reply from primary " + settings_.primary + ": " + error);
      if (reply->nonce != nonce) continue;  // the late answer to a fetch that timed out
      if (reply->status != kSnapshotStatusOk) {
        return failed("primary " + settings_.primary + " has no snapshot to give: " + reply->bytes);
      }
      SnapshotFetch out;
      out.ok = true;
      out.bytes = std::move(reply->bytes);
      return out;
    }
  } catch (const zmq::error_t& e) {
    return failed("fetching from primary " + settings_.primary + ": " + e.what());
  }
}

}  // namespace renkei::peer

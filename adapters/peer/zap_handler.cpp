#include "adapters/peer/zap_handler.h"

#include <iostream>
#include <vector>

#include <zmq_addon.hpp>

#include "adapters/peer/curve_keys.h"
#include "broker/core/thread_name.h"

namespace renkei::peer {

ZapHandler::ZapHandler(zmq::context_t& context, std::map<std::string, std::string> peers_by_key)
    : socket_(context, zmq::socket_type::rep), peers_by_key_(std::move(peers_by_key)) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.bind("inproc://zeromq.zap.01");
  thread_ = namedThread("peer-zap", [this] { run(); });
}

ZapHandler::~ZapHandler() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

bool ZapHandler::shouldLog(const std::string& key) {
  const auto now = std::chrono::steady_clock::now();
  // Many keys is a flood, not a misconfigured peer: forgetting them all bounds the memory.
  if (logged_.size() > 1000) logged_.clear();
  auto [at, fresh] = logged_.emplace(key, now);
  if (!fresh && now - at->second < std::chrono::minutes(1)) return false;
  at->second = now;
  return true;
}

void ZapHandler::run() {
  while (!stopping_) {
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    try {
      if (zmq::poll(&item, 1, std::chrono::milliseconds(100)) == 0) continue;
      std::vector<zmq::message_t> request;
      if (!zmq::recv_multipart(socket_, std::back_inserter(request))) continue;
      // version, request id, domain, address, identity, mechanism, credentials...
      std::string status = "400", text = "unknown key", user;
      std::string address = request.size() > 3 ? request[3].to_string() : "";
      if (request.size() >= 7 && request[5].to_string() == "CURVE") {
        const std::string key = z85OfKeyBytes(request[6].to_string());
        auto it = peers_by_key_.find(key);
        if (it != peers_by_key_.end()) {
          status = "200";
          text = "OK";
          user = it->second;
        } else {
          ++refused_;
          if (shouldLog(key)) {
            std::cerr << "renkei: peer listener: refused a connection from " << address
                      << ": CURVE key " << key << " is not in the federation directory\n";
          }
        }
      }
      const std::string request_id = request.size() > 1 ? request[1].to_string() : "";
      std::vector<zmq::const_buffer> reply = {zmq::buffer(std::string_view("1.0")),
                                              zmq::buffer(request_id),
                                              zmq::buffer(status),
                                              zmq::buffer(text),
                                              zmq::buffer(user),
                                              zmq::buffer(std::string_view())};
      zmq::send_multipart(socket_, reply);
    } catch (const zmq::error_t& e) {
      if (e.num() == ETERM) return;
      std::cerr << "renkei: peer listener: authentication handler: " << e.what() << "\n";
    }
  }
}

}  // namespace renkei::peer

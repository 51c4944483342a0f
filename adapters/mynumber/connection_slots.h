#pragma once
// How many connections the network listener serves at once, in all and per peer address. Each
// connection has a thread of its own while it is served; without a bound one host opening
// connections used up the gateway's descriptors, and its accept loop spun on the error.
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

namespace renkei::mynumber {

class ConnectionSlots {
 public:
  ConnectionSlots(int max_total, int max_per_peer);

  // Waits while every slot is taken: the listener stops accepting, and new connections wait in
  // the kernel's backlog rather than cost a descriptor and a thread each.
  void waitForFree();
  // Takes a slot for a connection from `peer`; false when that address already holds its share
  // (the caller closes the connection at once, so one host cannot take every slot).
  bool take(const std::string& peer);
  // The connection from `peer` is done.
  void give(const std::string& peer);

  int maxTotal() const { return max_total_; }
  int maxPerPeer() const { return max_per_peer_; }

 private:
  const int max_total_;
  const int max_per_peer_;
  std::mutex mutex_;
  std::condition_variable freed_;
  int taken_ = 0;                       // guarded by mutex_
  std::map<std::string, int> by_peer_;  // guarded by mutex_; addresses holding a slot
};

}  // namespace renkei::mynumber

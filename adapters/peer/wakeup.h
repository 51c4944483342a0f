#pragma once
// An eventfd that other threads write to wake a ZeroMQ I/O thread: zmq_poll watches its file
// descriptor beside the sockets, since a ZeroMQ socket must only be touched by its own thread.
namespace renkei::peer {

class Wakeup {
 public:
  Wakeup();
  ~Wakeup();
  Wakeup(const Wakeup&) = delete;
  Wakeup& operator=(const Wakeup&) = delete;

  int fd() const { return fd_; }
  void signal();  // any thread
  void drain();   // the I/O thread, after zmq_poll reported fd() readable

 private:
  int fd_ = -1;
};

}  // namespace renkei::peer

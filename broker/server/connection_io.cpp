#include "broker/server/connection_io.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>

namespace renkei {
namespace {

IoStep fromTls(const TlsIo& io) {
  switch (io.status) {
    case TlsIo::kDone:
      return IoStep{IoStep::kBytes, io.bytes};
    case TlsIo::kWantRead:
      return IoStep{IoStep::kNeedReadable, 0};
    case TlsIo::kWantWrite:
      return IoStep{IoStep::kNeedWritable, 0};
    case TlsIo::kClosed:
      return IoStep{IoStep::kEnd, 0};
    case TlsIo::kFailed:
      break;
  }
  return IoStep{IoStep::kBroken, 0};
}

}  // namespace

IoStep receiveSome(HttpConnection& conn, char* buffer, std::size_t size) {
  if (conn.tls) return fromTls(conn.tls->read(buffer, size));
  while (true) {
    const ssize_t n = ::recv(conn.fd, buffer, size, 0);
    if (n > 0) return IoStep{IoStep::kBytes, static_cast<std::size_t>(n)};
    if (n == 0) return IoStep{IoStep::kEnd, 0};
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return IoStep{IoStep::kNeedReadable, 0};
    return IoStep{IoStep::kBroken, 0};
  }
}

IoStep sendSome(HttpConnection& conn, const char* first, std::size_t first_size, const char* second,
                std::size_t second_size) {
  if (conn.tls) {
    return first_size > 0 ? fromTls(conn.tls->write(first, first_size))
                          : fromTls(conn.tls->write(second, second_size));
  }
  iovec parts[2];
  int count = 0;
  if (first_size > 0) parts[count++] = {const_cast<char*>(first), first_size};
  if (second_size > 0) parts[count++] = {const_cast<char*>(second), second_size};
  msghdr msg{};
  msg.msg_iov = parts;
  msg.msg_iovlen = count;
  while (true) {
    const ssize_t n = sendmsg(conn.fd, &msg, MSG_NOSIGNAL);
    if (n >= 0) return IoStep{IoStep::kBytes, static_cast<std::size_t>(n)};
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return IoStep{IoStep::kNeedWritable, 0};
    return IoStep{IoStep::kBroken, 0};
  }
}

void shutdownWrite(HttpConnection& conn) {
  if (conn.tls) conn.tls->closeNotify();
  ::shutdown(conn.fd, SHUT_WR);
}

}  // namespace renkei

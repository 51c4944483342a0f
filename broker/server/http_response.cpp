#include "broker/server/http_response.h"

namespace renkei::http {

const char* reasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 202:
      return "Accepted";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Status";
  }
}

std::string responseHead(const HttpReply& reply, bool keep_alive, int retry_after_s) {
  std::string head;
  head.reserve(160);
  head.append("HTTP/1.1 ").append(std::to_string(reply.status)).append(" ");
  head.append(reasonPhrase(reply.status)).append("\r\nServer: renkei\r\n");
  if (!reply.content_type.empty()) {
    head.append("Content-Type: ").append(reply.content_type).append("\r\n");
  }
  head.append("Content-Length: ").append(std::to_string(reply.body.size())).append("\r\n");
  if (reply.status == 503) {
    head.append("Retry-After: ").append(std::to_string(retry_after_s)).append("\r\n");
  }
  head.append(keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
  return head;
}

HttpReply plainReply(int status, std::string text) {
  HttpReply reply;
  reply.status = status;
  reply.content_type = "text/plain; charset=utf-8";
  reply.body = std::move(text);
  if (reply.body.empty() || reply.body.back() != '\n') reply.body.push_back('\n');
  return reply;
}

}  // namespace renkei::http

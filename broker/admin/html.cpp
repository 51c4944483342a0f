#include "broker/admin/html.h"

namespace renkei::admin {

std::string htmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') break;
        if (c == 0x7f) break;
        out += c;
    }
  }
  return out;
}

std::string urlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

std::string renderPage(std::string_view title, std::string_view body_html) {
  std::string out;
  out.reserve(body_html.size() + 2048);
  out += "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
  out += htmlEscape(title);
  out +=
      " — Renkei 連携登録簿</title>\n<style>\n"
      "body{font-family:sans-serif;margin:1.5em;color:#222}\n"
      "nav a{margin-right:1em}\n"
      "table{border-collapse:collapse;margin:1em 0}\n"
      "th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}\n"
      "th{background:#eef}\n"
      "td.num{text-align:right}\n"
      ".status-active{color:#060}.status-suspended{color:#b00}.status-retired{color:#888}\n"
      "form label{margin-right:.8em}\n"
      ".delivery-pending{color:#a60}.delivery-done{color:#060}.delivery-dead{color:#b00;"
      "font-weight:bold}.delivery-discarded{color:#888}\n"
      // A registry with many units draws a wide graph: scale it to the window, keep it sharp.
      "figure#graph{margin:1em 0}figure#graph svg{max-width:100%;height:auto}\n"
      "</style>\n</head>\n<body>\n<nav><a href=\"/\">連携一覧 Links</a>"
      "<a href=\"/refused\">拒否された試行 Refused</a><a href=\"/graph\">連携図 Graph</a>"
      "<a href=\"/deliveries\">通知の配信 Deliveries</a>"
      "<a href=\"/registry.wsdl\">WSDL</a></nav>\n<h1>";
  out += htmlEscape(title);
  out += "</h1>\n";
  out += body_html;
  out += "\n</body>\n</html>\n";
  return out;
}

}  // namespace renkei::admin

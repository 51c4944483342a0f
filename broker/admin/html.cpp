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
      // Plain and readable on the office PC: the system's own sans-serif (no web fonts: these
      // networks are closed), calm colours, status as badges that read without colour too.
      "body{font-family:sans-serif;margin:0;color:#222;background:#fafafa;line-height:1.45}\n"
      "header{background:#1f3a5f;padding:.5em 1.5em}\n"
      "header a{color:#fff;margin-right:1.2em;text-decoration:none}header a:hover{"
      "text-decoration:underline}\n"
      "main{padding:.5em 1.5em 2em}\n"
      "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\n"
      "table{border-collapse:collapse;margin:.6em 0;background:#fff}\n"
      "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\n"
      "th{background:#e8edf5}th a{color:inherit}\n"
      "tbody tr:nth-child(even){background:#f5f7fa}\n"
      "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
      ".badge{display:inline-block;padding:0 .5em;border-radius:.8em;font-size:.85em;"
      "border:1px solid}\n"
      ".status-active{color:#1b5e20;background:#e8f5e9}"
      ".status-suspended{color:#b71c1c;background:#ffebee}"
      ".status-proposed{color:#0d47a1;background:#e3f2fd}"
      ".status-approved{color:#4a148c;background:#f3e5f5}"
      ".status-retired{color:#616161;background:#eee}\n"
      "form.filters label{display:inline-block;margin:.2em .8em .2em 0}\n"
      "form label{margin-right:.8em}\n"
      "nav.pager{margin:.5em 0}nav.pager a,nav.pager strong{padding:0 .3em}\n"
      ".columns{display:flex;flex-wrap:wrap;gap:2em}\n"
      ".delivery-pending{color:#a60}.delivery-done{color:#060}.delivery-dead{color:#b00;"
      "font-weight:bold}.delivery-discarded{color:#888}\n"
      // A registry with many units draws a wide graph: scale it to the window, keep it sharp.
      "figure{margin:1em 0}figure#graph svg{max-width:100%;height:auto}\n"
      "svg.chart{background:#fff;border:1px solid #ddd}\n"
      "</style>\n</head>\n<body>\n<header><nav><a href=\"/dashboard\">概況 Dashboard</a>"
      "<a href=\"/\">連携一覧 Links</a>"
      "<a href=\"/refused\">拒否された試行 Refused</a><a href=\"/graph\">連携図 Graph</a>"
      "<a href=\"/deliveries\">通知の配信 Deliveries</a>"
      "<a href=\"/registry.wsdl\">WSDL</a></nav></header>\n<main>\n<h1>";
  out += htmlEscape(title);
  out += "</h1>\n";
  out += body_html;
  out += "\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace renkei::admin

#include "broker/server/wsdl_publisher.h"

#include <fstream>
#include <sstream>

#include "broker/core/host_header.h"

namespace renkei {
namespace {

std::optional<std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// File names we publish are plain: letters, digits, '-', '_', '.', and no "..".
bool isPlainFileName(const std::string& name) {
  if (name.empty() || name.find("..") != std::string::npos) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

HttpReply xmlReply(std::string body) {
  HttpReply reply;
  reply.content_type = "text/xml; charset=utf-8";
  reply.body = std::move(body);
  return reply;
}

}  // namespace

WsdlPublisher::WsdlPublisher(std::string wsdl_dir, std::string xsd_dir,
                             std::vector<ServiceDef> services)
    : wsdl_dir_(std::move(wsdl_dir)),
      xsd_dir_(std::move(xsd_dir)),
      services_(std::move(services)) {}

std::optional<HttpReply> WsdlPublisher::serve(const std::string& path,
                                              const std::string& host) const {
  const std::string services_prefix = "/services/";
  const std::string xsd_prefix = "/xsd/";
  const auto query = path.find('?');
  const std::string resource = path.substr(0, query);
  const std::string params = query == std::string::npos ? "" : path.substr(query + 1);
  const bool wants_wsdl = params == "wsdl" || params == "WSDL";
  if (resource.rfind(services_prefix, 0) == 0 && wants_wsdl) {
    return serveWsdl(resource.substr(services_prefix.size()), host);
  }
  if (resource == "/registry" && wants_wsdl) return serveRegistryWsdl(host);
  if (resource.rfind(xsd_prefix, 0) == 0) return serveXsd(resource.substr(xsd_prefix.size()));
  return std::nullopt;
}

std::optional<HttpReply> WsdlPublisher::serveWsdl(const std::string& service,
                                                  const std::string& host) const {
  for (const ServiceDef& def : services_) {
    if (def.name != service || !isPlainFileName(def.wsdl_file)) continue;
    auto wsdl = readFile(wsdl_dir_ + "/" + def.wsdl_file);
    if (!wsdl) return std::nullopt;
    // The Host header is the requester's own text: only a plain one becomes the address.
    return xmlReply(
        rewriteSoapAddresses(*wsdl, "http://" + publishedAuthority(host) + "/services/" + service));
  }
  return std::nullopt;
}

// The whole admin contract, addressed here: a unit generates its client from it and calls
// ListAllowedServices, the one operation this listener answers (AllowedServicesEndpoint).
std::optional<HttpReply> WsdlPublisher::serveRegistryWsdl(const std::string& host) const {
  auto wsdl = readFile(wsdl_dir_ + "/registry.wsdl");
  if (!wsdl) return std::nullopt;
  return xmlReply(rewriteSoapAddresses(*wsdl, "http://" + publishedAuthority(host) + "/registry"));
}

std::optional<HttpReply> WsdlPublisher::serveXsd(const std::string& file) const {
  if (!isPlainFileName(file) || file.size() < 5 || file.substr(file.size() - 4) != ".xsd" ||
      file == "config.xsd") {
    return std::nullopt;
  }
  auto xsd = readFile(xsd_dir_ + "/" + file);
  if (!xsd) return std::nullopt;
  return xmlReply(std::move(*xsd));
}

std::string rewriteSoapAddresses(const std::string& wsdl, const std::string& location) {
  std::string out;
  out.reserve(wsdl.size());
  size_t pos = 0;
  while (true) {
    const size_t tag = wsdl.find(":address", pos);
    if (tag == std::string::npos) break;
    const size_t tag_end = wsdl.find('>', tag);
    const size_t attr = wsdl.find("location=\"", tag);
    if (tag_end == std::string::npos || attr == std::string::npos || attr > tag_end) {
      out.append(wsdl, pos, tag + 8 - pos);
      pos = tag + 8;
      continue;
    }
    const size_t value = attr + 10;
    const size_t value_end = wsdl.find('"', value);
    if (value_end == std::string::npos) break;
    out.append(wsdl, pos, value - pos);
    out += location;
    pos = value_end;
  }
  out.append(wsdl, pos, std::string::npos);
  return out;
}

}  // namespace renkei

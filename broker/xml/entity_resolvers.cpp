#include "broker/xml/entity_resolvers.h"

#include <filesystem>
#include <string_view>

#include <xercesc/framework/LocalFileInputSource.hpp>
#include <xercesc/util/XMLResourceIdentifier.hpp>

#include "broker/xml/xerces_runtime.h"

namespace renkei::xml {

namespace xc = XERCES_CPP_NAMESPACE;

namespace {

// "file:///a/b.xsd" and "/a/b.xsd" give "/a/b.xsd"; other schemes give "".
bool toLocalPath(std::string_view uri, std::string* out) {
  constexpr std::string_view kFile = "file://";
  if (uri.substr(0, kFile.size()) == kFile) {
    *out = std::string(uri.substr(kFile.size()));
    return true;
  }
  auto colon = uri.find(':');
  auto slash = uri.find('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash)) {
    return false;  // http:, https:, ftp:, urn: ...
  }
  *out = std::string(uri);
  return true;
}

}  // namespace

xc::InputSource* RefuseAllResolver::resolveEntity(xc::XMLResourceIdentifier*) {
  refused_ = true;
  return nullptr;  // with default entity resolution disabled, nothing is opened
}

xc::InputSource* LocalSchemaResolver::resolveEntity(xc::XMLResourceIdentifier* resource) {
  if (resource == nullptr) return nullptr;
  std::string system_id = toUtf8(resource->getSystemId());
  std::string base = toUtf8(resource->getBaseURI());
  std::string path;
  if (system_id.empty() || !toLocalPath(system_id, &path)) {
    if (refusal_.empty()) {
      refusal_ = "refused to fetch '" + system_id + "' (only local schema files are loaded)";
    }
    return nullptr;
  }
  std::filesystem::path resolved(path);
  if (resolved.is_relative()) {
    std::string base_path;
    if (toLocalPath(base, &base_path) && !base_path.empty()) {
      resolved = std::filesystem::path(base_path).parent_path() / resolved;
    }
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(resolved, ec)) {
    if (refusal_.empty()) refusal_ = "schema '" + resolved.string() + "' does not exist";
    return nullptr;
  }
  std::u16string wide = fromUtf8(resolved.lexically_normal().string());
  return new xc::LocalFileInputSource(wide.c_str());
}

}  // namespace renkei::xml

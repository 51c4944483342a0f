#include "adapters/rest/openapi_document.h"

#include <map>

#include "broker/core/json_text.h"

namespace renkei::rest {
namespace {

// Deeper than any platform message; a recursive type ends here as an open object.
constexpr int kMaxDepth = 32;

void schema(const JsonShape& shape, int depth, std::string& out) {
  out += "{\"type\":";
  out += jsonString(jsonTypeName(shape.type));
  if (!shape.documentation.empty()) out += ",\"description\":" + jsonString(shape.documentation);
  if (!shape.enumeration.empty() && shape.type == JsonShape::Type::kString) {
    out += ",\"enum\":[";
    for (std::size_t k = 0; k < shape.enumeration.size(); ++k) {
      if (k > 0) out += ',';
      out += jsonString(shape.enumeration[k]);
    }
    out += ']';
  }
  if (shape.type != JsonShape::Type::kObject || depth >= kMaxDepth) {
    out += '}';
    return;
  }
  out += ",\"additionalProperties\":false,\"properties\":{";
  std::string required;
  for (std::size_t k = 0; k < shape.children.size(); ++k) {
    const JsonMember& member = shape.children[k];
    if (k > 0) out += ',';
    out += jsonString(member.shape->name) + ":";
    if (member.repeated) out += "{\"type\":\"array\",\"items\":";
    schema(*member.shape, depth + 1, out);
    if (member.repeated) out += '}';
    if (member.required) {
      if (!required.empty()) required += ',';
      required += jsonString(member.shape->name);
    }
  }
  out += '}';
  if (!required.empty()) out += ",\"required\":[" + required + "]";
  out += '}';
}

std::string queryParameter(const char* name, const char* description) {
  return std::string("{\"name\":\"") + name +
         "\",\"in\":\"query\",\"required\":false,\"schema\":{\"type\":\"string\"},"
         "\"description\":" +
         jsonString(description) + "}";
}

constexpr const char* kProblemSchema =
    "{\"type\":\"object\",\"description\":\"RFC 9457 problem details carrying the platform "
    "fault code.\",\"properties\":{\"type\":{\"type\":\"string\"},\"title\":{\"type\":"
    "\"string\"},\"status\":{\"type\":\"integer\"},\"detail\":{\"type\":\"string\"},"
    "\"code\":{\"type\":\"string\",\"description\":\"The platform fault code, e.g. "
    "Client.SchemaViolation (docs/fault-codes.md).\"},\"messageId\":{\"type\":\"string\"},"
    "\"pointer\":{\"type\":\"string\",\"description\":\"JSON Pointer (RFC 6901) of the "
    "offending value in the request.\"},\"elementPath\":{\"type\":\"string\"},\"line\":"
    "{\"type\":\"integer\"},\"column\":{\"type\":\"integer\"}},\"required\":[\"type\","
    "\"title\",\"status\",\"code\"]}";

}  // namespace

std::string jsonSchemaOf(const JsonShape& shape) {
  std::string out;
  schema(shape, 0, out);
  return out;
}

std::string openApiDocument(const std::vector<ServiceDef>& services, const JsonMapping& mapping,
                            const std::string& title) {
  // One path per service name: the highest version describes it.
  std::map<std::string, const ServiceDef*> latest;
  for (const ServiceDef& s : services) {
    const ServiceDef*& seen = latest[s.name];
    if (seen == nullptr || s.version.size() > seen->version.size() ||
        (s.version.size() == seen->version.size() && s.version > seen->version)) {
      seen = &s;
    }
  }
  std::string paths;
  std::string schemas = "\"Problem\":" + std::string(kProblemSchema);
  for (const auto& [name, service] : latest) {
    const JsonShape* request = mapping.root(service->request_ns, service->request_element);
    const JsonShape* response = mapping.root(service->response_ns, service->response_element);
    if (request == nullptr || response == nullptr) continue;  // not a JSON-mappable service
    const std::string request_ref = name + "Request";
    const std::string response_ref = name + "Answer";
    schemas += "," + jsonString(request_ref) + ":" + jsonSchemaOf(*request);
    schemas += "," + jsonString(response_ref) + ":" + jsonSchemaOf(*response);
    if (!paths.empty()) paths += ',';
    paths += jsonString("/api/v1/" + name) + ":{\"post\":{\"operationId\":" + jsonString(name) +
             ",\"summary\":" +
             jsonString(request->documentation.empty() ? name : request->documentation) +
             ",\"description\":" +
             jsonString("Calls service " + name + " version " + service->version + " (" +
                        service->request_element + " -> " + service->response_element +
                        ") through the broker.") +
             ",\"parameters\":[" +
             queryParameter("version", "Service version; default: the latest.") + "," +
             queryParameter("receiver",
                            "Receiving unit, e.g. 062022/juki; default: the one an active link "
                            "names when there is only one.") +
             "," + queryParameter("purpose", "Purpose code (事務); default as for receiver.") +
             "," + queryParameter("user", "Operator user id, recorded in the platform header.") +
             "," + queryParameter("case", "Case reference, recorded in the platform header.") +
             "],\"requestBody\":{\"required\":true,\"content\":{\"application/json\":{"
             "\"schema\":{\"$ref\":\"#/components/schemas/" +
             request_ref +
             "\"}}}},\"responses\":{\"200\":{\"description\":\"The receiver's answer.\","
             "\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/" +
             response_ref +
             "\"}}}},\"default\":{\"description\":\"A refusal or failure with its platform "
             "fault code.\",\"content\":{\"application/problem+json\":{\"schema\":{\"$ref\":"
             "\"#/components/schemas/Problem\"}}}}}}}";
  }
  return "{\"openapi\":\"3.0.3\",\"info\":{\"title\":" + jsonString(title) +
         ",\"version\":\"1\",\"description\":" +
         jsonString(
             "The broker's REST/JSON bridge: every platform service as JSON. Each JSON "
             "form is generated from the platform XSDs. Authenticate with a client "
             "assertion JWT (RFC 7523) signed by your unit's registered key, with aud set "
             "to the broker's audience.") +
         "},\"paths\":{" + paths +
         "},\"components\":{\"securitySchemes\":{\"clientAssertion\":{\"type\":\"http\","
         "\"scheme\":\"bearer\",\"bearerFormat\":\"JWT\"}},\"schemas\":{" +
         schemas + "}},\"security\":[{\"clientAssertion\":[]}]}";
}

}  // namespace renkei::rest

#pragma once
// A caller's JSON body as the platform message's XML body element, by the element's JsonShape.
// Only the JSON side is checked here (known member names, JSON types, arrays where the schema
// repeats): everything the XSD says beyond that (required elements, choices, patterns, lengths)
// is left to the pipeline's schema validation of the envelope, so a REST caller meets exactly
// the validation a SOAP caller meets.
#include <optional>
#include <string>

#include "adapters/rest/json_shape.h"
#include "adapters/rest/json_value.h"

namespace renkei::rest {

struct JsonMappingError {
  std::string path;  // JSON Pointer (RFC 6901) of the offending value, e.g. /Jumin/0/AtenaNo
  std::string message;
};

struct XmlBody {
  std::string xml;                        // the element, with its namespace declared on it
  std::optional<JsonMappingError> error;  // set instead when the JSON does not fit the shape
};

// `root` is the service's request element; `body` the caller's whole JSON document. A JSON null
// member is the element left out.
XmlBody xmlFromJson(const JsonShape& root, const JsonValue& body);

}  // namespace renkei::rest

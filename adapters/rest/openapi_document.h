#pragma once
// The OpenAPI 3.0 document of the REST bridge, generated from the service catalog and the same
// XSD mapping the bridge converts with (json_shape.h), so the description and the behaviour
// cannot drift apart: one POST path per service, its request and answer as JSON Schemas
// (closed objects: additionalProperties false, as the bridge refuses unknown members), the
// bearer JWT as the security scheme, and problem details for every refusal.
#include <string>
#include <vector>

#include "adapters/rest/json_shape.h"
#include "broker/core/registry_types.h"

namespace renkei::rest {

// The JSON Schema of one element's JSON form.
std::string jsonSchemaOf(const JsonShape& shape);

std::string openApiDocument(const std::vector<ServiceDef>& services, const JsonMapping& mapping,
                            const std::string& title);

}  // namespace renkei::rest

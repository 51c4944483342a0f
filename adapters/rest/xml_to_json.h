#pragma once
// The receiver's answer (the body element of a validated SOAP response) as JSON, by the
// element's JsonShape: the mirror of json_to_xml.h. Members appear in schema order; a repeated
// element is always an array; numbers and booleans are JSON numbers and booleans.
#include <string>

#include <xercesc/dom/DOMElement.hpp>

#include "adapters/rest/json_shape.h"

namespace renkei::rest {

std::string jsonFromXml(const JsonShape& shape, const XERCES_CPP_NAMESPACE::DOMElement* element);

}  // namespace renkei::rest

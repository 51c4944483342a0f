#pragma once
// Which SOAP binding a request's Content-Type announces.
#include <optional>
#include <string>
#include <string_view>

#include "broker/core/exchange.h"

namespace renkei {

// "Text/XML; charset=utf-8" -> "text/xml"
std::string mediaType(std::string_view content_type);
// text/xml -> 1.1, application/soap+xml -> 1.2 (parameters ignored, case-insensitive).
std::optional<SoapVersion> soapVersionForContentType(std::string_view content_type);

}  // namespace renkei

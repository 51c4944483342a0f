#pragma once
// The platform message body a record becomes: the layout's mapping, in its order, with the
// parents of each element opened as needed, so fields in any byte order fill a body in the
// order its schema wants. An absent optional field leaves its element (and an empty parent) out.
#include <string>

#include "adapters/file/layout.h"
#include "adapters/file/record_decoder.h"

namespace renkei::file {

// "<m:JuminIdoTsuchi xmlns:m=\"urn:renkei:unit:juki:v1\">...</m:JuminIdoTsuchi>".
std::string buildBody(const Layout& layout, const DecodedRecord& record);

// The text of the message key (宛名番号) for logs, or "-".
std::string recordKey(const Layout& layout, const DecodedRecord& record);

}  // namespace renkei::file

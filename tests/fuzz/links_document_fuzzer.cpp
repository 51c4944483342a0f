// Fuzz target for `renkei links import FILE.xml`: a standalone <links> document read with the
// hardened parser against xsd/config.xsd. Whatever is accepted must write back (links export
// --format xml) and read again to the same links; whatever is refused is a ConfigError naming
// the place. Replayed over corpus/links_document as an ordinary test.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

#include "broker/config/broker_config.h"
#include "broker/config/links_document.h"

namespace {

auto fieldsOf(const renkei::Link& l) {
  return std::tie(l.sender, l.receiver, l.service_name, l.service_version, l.purpose_code,
                  l.purpose_name, l.legal_basis, l.valid_from, l.valid_to, l.cross_tenant,
                  l.data_items, l.department, l.vendor, l.approver, l.review_date, l.note);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::vector<renkei::LinksDocumentEntry> read;
  try {
    read = renkei::readLinksDocument(bytes, "fuzz.xml");
  } catch (const renkei::ConfigError& e) {
    // Refusals say where: "fuzz.xml:LINE:COLUMN: ..." or at least the file.
    if (std::string_view(e.what()).rfind("fuzz.xml", 0) != 0) __builtin_trap();
    return 0;
  }
  std::vector<renkei::Link> links;
  for (const auto& entry : read) links.push_back(entry.link);
  const std::string written = renkei::writeLinksDocument(links);
  const auto again = renkei::readLinksDocument(written, "written.xml");  // must not throw
  if (again.size() != links.size()) __builtin_trap();
  for (std::size_t i = 0; i < links.size(); ++i) {
    if (fieldsOf(again[i].link) != fieldsOf(links[i])) __builtin_trap();
  }
  return 0;
}

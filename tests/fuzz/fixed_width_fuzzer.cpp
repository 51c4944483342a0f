// Fuzz target for the file adapter's reading side (adapters/file): arbitrary bytes cut into
// records of the shipped 住民異動 layout, each decoded in CP932, EUC-JP and UTF-8 with the
// sample 外字 table. Whatever the bytes, decoding reports problems instead of crashing, values
// are UTF-8, and a record read without errors builds a body and encodes back to a record.
// Replayed over corpus/fixed_width as an ordinary test.
#include <cstddef>
#include <cstdint>
#include <string>

#include "adapters/file/gaiji_table.h"
#include "adapters/file/layout.h"
#include "adapters/file/message_builder.h"
#include "adapters/file/record_decoder.h"
#include "adapters/file/record_encoder.h"
#include "adapters/file/record_splitter.h"
#include "broker/registry/text_encoding.h"

namespace {

const renkei::file::Layout& layout() {
  static const renkei::file::Layout loaded = renkei::file::readLayoutFile(
      std::string(RENKEI_SOURCE_DIR) + "/adapters/file/layouts/juki-ido.xml");
  return loaded;
}

const renkei::file::GaijiTable& gaiji() {
  static const renkei::file::GaijiTable loaded = renkei::file::GaijiTable::read(
      std::string(RENKEI_SOURCE_DIR) + "/adapters/file/layouts/gaiji-yonezawa.txt");
  return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace renkei::file;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const TextEncoding encoding :
       {TextEncoding::kCp932, TextEncoding::kEucJp, TextEncoding::kUtf8}) {
    Layout l = layout();
    for (FieldSpec& f : l.fields) f.encoding = encoding;
    RecordSplitter splitter(bytes, l);
    for (RawRecord raw; splitter.next(&raw);) {
      if (raw.offset + raw.bytes.size() > size) __builtin_trap();
      const DecodedRecord r = decodeRecord(raw.bytes, raw.offset, l, gaiji());
      for (const RecordIssue& issue : r.issues) {
        if (issue.offset > raw.offset + raw.bytes.size()) __builtin_trap();
      }
      for (const std::string& value : r.values) {
        if (renkei::findInvalidUtf8(value)) __builtin_trap();
      }
      if (!r.ok()) continue;
      (void)buildBody(l, r);
      (void)encodeRecord(l, r.values, gaiji());
    }
  }
  return 0;
}

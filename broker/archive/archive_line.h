#pragma once
// How a sealed record is written to an archive file: one flat JSON object per line, the
// metadata as plain fields and nonce, tag and ciphertext in base64 (docs/archive.md). Lines
// rather than binary frames: a record torn by a crash spoils its own line only, and the next
// record is found at the next newline; `grep`, `jq` and `wc -l` work on the metadata.
#include <optional>
#include <string>
#include <string_view>

#include "broker/archive/archive_record.h"

namespace renkei::archive {

// The line, ending in '\n'.
std::string formatArchiveLine(const SealedRecord& record);

// nullopt with `error` set ("field \"nonce\" is not base64") when `line` is not a record.
// Untrusted input: any malformation is an error, never an assertion.
std::optional<SealedRecord> parseArchiveLine(std::string_view line, std::string& error);

}  // namespace renkei::archive

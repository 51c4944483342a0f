#pragma once
// How a 副本 row's 提供情報 are kept in one text column, and what a re-sent batch record is
// compared by: the same on every backend of FukuhonStore (fukuhon_store.h), so a 副本 moved
// between SQLite and PostgreSQL reads alike and a batch re-sent to either is judged alike.
#include <string>

#include "adapters/mynumber/fukuhon_store.h"

namespace renkei::mynumber {

// Each text length-prefixed ("4:課税年度" counts bytes), so any text round-trips and two
// different value lists never encode alike.
std::string encodeFukuhonValues(const ItemValues& values);
// Throws StoreError when the text is not such an encoding (the row was damaged).
ItemValues decodeFukuhonValues(const std::string& text);
// SHA-256 hex over the entry's content (宛名番号, item, 不開示コード, values), not its number.
std::string fukuhonEntryDigest(const FukuhonEntry& entry);

}  // namespace renkei::mynumber

#pragma once
// How `renkei links list` and `renkei links show` print links: an aligned table for people,
// CSV and JSON for scripts and spreadsheets.
#include <ostream>
#include <vector>

#include "broker/core/registry_types.h"

namespace renkei::cli {

void printLinksJson(const std::vector<Link>& links, std::ostream& out);
// Every field, then the history oldest first.
void printLinkDetail(const Link& link, const std::vector<LinkChange>& history, std::ostream& out);

}  // namespace renkei::cli

#include "broker/store/sqlite_link_rows.h"

#include "broker/store/store.h"

namespace renkei {

const char* const kSqliteLinkColumns =
    "id, sender, receiver, service_name, service_version, purpose_code, purpose_name, "
    "legal_basis, status, valid_from, valid_to, cross_tenant, data_items, department, vendor, "
    "approver, review_date, note";

const char* const kSqliteLinkInsert =
    "INSERT INTO links (sender, receiver, service_name, service_version, purpose_code, "
    "purpose_name, legal_basis, status, valid_from, valid_to, cross_tenant, data_items, "
    "department, vendor, approver, review_date, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
    "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) RETURNING id";

Link readLinkRow(const SqliteStatement& row) {
  Link link;
  link.id = row.columnInt(0);
  link.sender = row.columnText(1);
  link.receiver = row.columnText(2);
  link.service_name = row.columnText(3);
  link.service_version = row.columnText(4);
  link.purpose_code = row.columnText(5);
  link.purpose_name = row.columnText(6);
  link.legal_basis = row.columnText(7);
  const std::string status = row.columnText(8);
  if (!parseLinkStatus(status, &link.status)) {
    throw StoreError("reading link " + std::to_string(link.id) + ": unknown status \"" + status +
                     "\"");
  }
  link.valid_from = row.columnText(9);
  link.valid_to = row.columnText(10);
  link.cross_tenant = row.columnInt(11) != 0;
  link.data_items = row.columnText(12);
  link.department = row.columnText(13);
  link.vendor = row.columnText(14);
  link.approver = row.columnText(15);
  link.review_date = row.columnText(16);
  link.note = row.columnText(17);
  return link;
}

void bindLinkColumns(SqliteStatement& st, const Link& link, int first) {
  int i = first;
  st.bind(i++, link.sender);
  st.bind(i++, link.receiver);
  st.bind(i++, link.service_name);
  st.bind(i++, link.service_version);
  st.bind(i++, link.purpose_code);
  st.bind(i++, link.purpose_name);
  st.bind(i++, link.legal_basis);
  st.bind(i++, std::string_view(linkStatusName(link.status)));
  st.bind(i++, link.valid_from);
  st.bind(i++, link.valid_to);
  st.bind(i++, int64_t{link.cross_tenant ? 1 : 0});
  st.bind(i++, link.data_items);
  st.bind(i++, link.department);
  st.bind(i++, link.vendor);
  st.bind(i++, link.approver);
  st.bind(i++, link.review_date);
  st.bind(i++, link.note);
}

}  // namespace renkei

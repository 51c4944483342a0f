#include "broker/store/postgres_link_rows.h"

namespace renkei {

const char* const kPgLinkColumns =
    "id, sender, receiver, service_name, service_version, purpose_code, purpose_name, "
    "legal_basis, status, valid_from, valid_to, cross_tenant, data_items, department, vendor, "
    "approver, review_date, note";

const char* const kPgLinkInsert =
    "INSERT INTO links (sender, receiver, service_name, service_version, purpose_code, "
    "purpose_name, legal_basis, status, valid_from, valid_to, cross_tenant, data_items, "
    "department, vendor, approver, review_date, note) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) "
    "RETURNING id";

Link readPgLink(const PgResult& result, int row) {
  Link link;
  link.id = result.integer(row, 0);
  link.sender = result.text(row, 1);
  link.receiver = result.text(row, 2);
  link.service_name = result.text(row, 3);
  link.service_version = result.text(row, 4);
  link.purpose_code = result.text(row, 5);
  link.purpose_name = result.text(row, 6);
  link.legal_basis = result.text(row, 7);
  const std::string status = result.text(row, 8);
  if (!parseLinkStatus(status, &link.status)) {
    // Someone wrote the table by hand; refusing is safer than guessing a status for routing.
    throw StoreError("reading links: link " + std::to_string(link.id) + " has unknown status \"" +
                     status + "\"");
  }
  link.valid_from = result.text(row, 9);
  link.valid_to = result.text(row, 10);
  link.cross_tenant = result.text(row, 11) == "t";
  link.data_items = result.text(row, 12);
  link.department = result.text(row, 13);
  link.vendor = result.text(row, 14);
  link.approver = result.text(row, 15);
  link.review_date = result.text(row, 16);
  link.note = result.text(row, 17);
  return link;
}

PgParams pgLinkParams(const Link& link) {
  return {link.sender,
          link.receiver,
          link.service_name,
          link.service_version,
          link.purpose_code,
          link.purpose_name,
          link.legal_basis,
          std::string(linkStatusName(link.status)),
          link.valid_from,
          link.valid_to,
          std::string(link.cross_tenant ? "true" : "false"),
          link.data_items,
          link.department,
          link.vendor,
          link.approver,
          link.review_date,
          link.note};
}

std::string describeLinkKey(const Link& link) {
  return link.sender + " -> " + link.receiver + " " + link.service_name + ":" +
         link.service_version + " purpose " + link.purpose_code;
}

}  // namespace renkei

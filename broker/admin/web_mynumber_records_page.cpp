// /mynumber/records?person=<宛名番号>: the person's 情報提供等記録 (番号法 §23) as the gateway
// disclosed them, for a マイナポータル-style 自己情報 disclosure at the window.
#include <sstream>

#include "broker/admin/html.h"
#include "broker/admin/web_pages.h"
#include "broker/reports/report_time.h"

namespace renkei::admin {

std::string mynumberPersonForm(const std::string& atena_no) {
  return "<form method=\"get\" action=\"/mynumber/records\"><label>宛名番号 Person (15 digits) "
         "<input type=\"text\" name=\"person\" value=\"" +
         htmlEscape(atena_no) +
         "\" size=\"18\" pattern=\"[0-9]{15}\"></label> <button type=\"submit\">表示 Show"
         "</button></form>\n";
}

std::string mynumberRecordsBody(const std::string& atena_no,
                                const std::vector<DisclosedRecord>& records) {
  std::ostringstream out;
  out << mynumberPersonForm(atena_no);
  out << "<p>宛名番号 " << htmlEscape(atena_no)
      << " の情報提供等記録（番号法第23条）。照会・提供の双方向、拒否・不開示・応答なしを含む。"
         "値は記録されません。 The person's records of every 照会 and 提供, both directions, "
         "refused and withheld ones included; values are never kept.</p>\n";
  out << "<table id=\"mynumber-records\">\n<thead><tr><th>照会番号 ShokaiNo</th>"
      << "<th>情報照会者 Requester</th><th>情報提供者 Provider</th><th>事務 Jimu</th>"
      << "<th>特定個人情報 Items</th><th>照会日時 Requested (JST)</th>"
      << "<th>提供日時 Provided (JST)</th><th>結果 Result</th></tr></thead>\n<tbody>\n";
  for (const DisclosedRecord& r : records) {
    std::string items;
    for (const std::string& item : r.items) items += (items.empty() ? "" : " ") + item;
    out << "<tr><td>" << htmlEscape(r.shokai_no) << "</td><td>" << htmlEscape(r.requester)
        << "</td><td>" << htmlEscape(r.provider) << "</td><td>" << htmlEscape(r.jimu_code)
        << "</td><td>" << htmlEscape(items) << "</td><td>"
        << htmlEscape(reports::formatJst(r.requested_at)) << "</td><td>"
        << htmlEscape(r.provided_at.empty() ? "—" : reports::formatJst(r.provided_at))
        << "</td><td class=\"result\">" << htmlEscape(r.result) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
  out << "<p>" << records.size() << " 件 record(s)</p>\n";
  return out.str();
}

}  // namespace renkei::admin

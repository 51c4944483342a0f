#pragma once
// 情報提供 from the 副本: the network asks this municipality (as 情報提供者) for items about a
// person it names by this institution's 符号. Like the real 中間サーバー, the gateway answers
// from the 副本 alone, never from a business system at request time. The purpose rules decide
// first (requester × 事務 × this institution × item; one item outside them refuses the whole
// request, Client.PurposeNotPermitted); then each item is provided from its 副本 row, or withheld
// with a 不開示コード: the row's own (F04 DV等支援措置, ...), F02 when no 副本 is registered, F01
// when the 符号 names nobody here, F02 too when the 副本 is not of the 照会条件's 年度 or 基準日
// (never another year's values). Every request, refused ones included, appends one
// 情報提供等記録 before it is answered.
#include <string>
#include <vector>

#include "adapters/mynumber/fukuhon_store.h"
#include "adapters/mynumber/gateway_store.h"
#include "adapters/mynumber/inquiry.h"
#include "adapters/mynumber/shokai_joken.h"

namespace renkei::mynumber {

struct ProvisionRequest {
  std::string shokai_no;  // the network's 照会番号, kept in the record's detail
  std::string requester;  // 情報照会者
  std::string jimu_code;
  std::string jimu_tetsuzuki;
  std::string fugo;  // this institution's 符号 for the person
  std::vector<std::string> items;
  ShokaiJoken joken;  // 照会条件: which year or day the items must be for (shokai_joken.h)
};

struct ProvisionOutcome {
  ProvisionRecord record;    // as stored
  std::string refusal_code;  // "Client.PurposeNotPermitted" when refused; empty otherwise
  std::string refusal_reason;
  std::vector<ItemAnswer> items;  // in the order asked, when not refused
};

class ProvisionService {
 public:
  ProvisionService(GatewayStore& records, FukuhonStore& fukuhon, PurposeCheck permits,
                   std::string kikan_code)
      : records_(records),
        fukuhon_(fukuhon),
        permits_(std::move(permits)),
        kikan_code_(std::move(kikan_code)) {}
  ProvisionOutcome provide(const ProvisionRequest& request);
  // Refuses the request before anything is looked up (the caller is not the network it must
  // be: `code` Client.Unauthenticated or Client.CertificateRejected), recorded as 拒否.
  ProvisionOutcome refuse(const ProvisionRequest& request, const std::string& code,
                          const std::string& reason);

 private:
  ProvisionRecord newRecord(const ProvisionRequest& request);
  ItemAnswer answer(const std::string& fugo, bool known, const std::string& item,
                    const ShokaiJoken& joken, std::string& detail);

  GatewayStore& records_;
  FukuhonStore& fukuhon_;
  PurposeCheck permits_;
  std::string kikan_code_;
};

}  // namespace renkei::mynumber

#pragma once
// 情報照会 through the gateway, apart from SOAP (gateway_soap.cpp turns it into and out of the
// generated types): the purpose rules decide first, per item, and a 照会 with any item outside
// them is refused whole (Client.PurposeNotPermitted) with nothing sent; the person's 宛名番号
// becomes this institution's 符号 (none kept: Client.FugoNotObtained); the network is asked with
// the 符号 alone; whatever happens, one 情報提供等記録 is appended before the unit is answered.
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/mynumber/gateway_store.h"
#include "broker/core/fault_code.h"

namespace renkei::mynumber {

struct InquiryRequest {
  std::string unit;       // the business unit asking (header Sender), e.g. 062022/kokuho
  std::string requester;  // 情報照会者: this institution's code
  std::string provider;   // 情報提供者
  std::string jimu_code;
  std::string jimu_tetsuzuki;
  std::string atena_no;
  std::vector<std::string> items;  // 特定個人情報名コード
  std::string taisho_nendo;        // 照会条件, optional
  std::string kijun_date;          // 照会条件, optional
};

// One item's answer: provided values, or a 不開示コード.
struct ItemAnswer {
  std::string item;
  std::vector<std::pair<std::string, std::string>> values;  // 項目名, 値
  std::string fukaiji_code;                                 // F01..F05 when withheld
  bool provided() const { return fukaiji_code.empty(); }
};

// What the network side said; `answered` false when it did not answer (timeout, transport
// failure, a fault), with `error` saying what happened.
struct NetworkAnswer {
  bool answered = false;
  std::string error;
  std::string provided_at;  // JST ISO 8601
  std::vector<ItemAnswer> items;
};

// Permits `item` for the 照会? Returns the legal basis (条項) of the rule that does, or nullopt.
using PurposeCheck = std::function<std::optional<std::string>(
    const std::string& jimu_code, const std::string& requester, const std::string& provider,
    const std::string& item, const std::string& date)>;
// Asks the network; `shokai_no` identifies the 照会 there.
using NetworkInquiry = std::function<NetworkAnswer(
    const InquiryRequest& request, const std::string& fugo, const std::string& shokai_no)>;

struct InquiryOutcome {
  ProvisionRecord record;    // as stored
  std::string refusal_code;  // "Client.PurposeNotPermitted", ...; empty when answered
  std::string refusal_reason;
  std::vector<ItemAnswer> items;  // in the order asked, when answered
};

class InquiryService {
 public:
  InquiryService(GatewayStore& store, PurposeCheck permits, NetworkInquiry network)
      : store_(store), permits_(std::move(permits)), network_(std::move(network)) {}
  InquiryOutcome inquire(const InquiryRequest& request);

 private:
  InquiryOutcome refuse(ProvisionRecord record, FaultCode fault, std::string reason);

  GatewayStore& store_;
  PurposeCheck permits_;
  NetworkInquiry network_;
};

}  // namespace renkei::mynumber

// Content-Disposition for the web view's downloads (RFC 6266 with RFC 8187's filename*).
#include "broker/admin/content_disposition.h"

#include <gtest/gtest.h>

namespace renkei::admin {
namespace {

TEST(ContentDisposition, JapaneseNameIsPercentEncodedBesideAnAsciiFallback) {
  EXPECT_EQ(inventoryCsvAttachmentHeader("2026-12-02"),
            "Content-Disposition: attachment; filename=\"renkei-links-20261202.csv\"; "
            "filename*=UTF-8''%E9%80%A3%E6%90%BA%E4%B8%80%E8%A6%A7-20261202.csv");
}

TEST(ContentDisposition, NothingBreaksOutOfTheQuotedNameOrTheEncodedOne) {
  // Quotes, backslashes, control and non-ASCII bytes never reach the quoted fallback; spaces,
  // quotes and semicolons are encoded in filename*.
  EXPECT_EQ(attachmentHeader("a b\";c.csv", "a\"b\\c\r\né.csv"),
            "Content-Disposition: attachment; filename=\"a_b_c____.csv\"; "
            "filename*=UTF-8''a%20b%22%3Bc.csv");
}

}  // namespace
}  // namespace renkei::admin

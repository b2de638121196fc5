// `accord` on PDF, HTML and DOCX: a folder of the four renderings of one policy document is
// ingested, `show` cites the PDF's pages, export carries them, and a scanned PDF named on the
// command line is skipped with its reason.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "../corpus/format_fixtures.hpp"
#include "shell_util.hpp"

namespace accord {
namespace {
namespace fs = std::filesystem;
using accord::testing::Capture;
using accord::testing::Quote;
using namespace accord::corpus::testing;

class FormatsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "accord-formats-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::pair<std::string, int> Accord(const std::string& args) {
    return Capture(Quote(ACCORD_CLI) + " " + args + " --db " + Quote((dir_ / "f.db").string()) +
                   " 2>&1");
  }
  fs::path dir_;
};

TEST_F(FormatsCli, IngestFolderOfFormatsShowsPagesAndSkipsScans) {
  const auto doc = PolicyDocument();
  WriteFile(dir_ / "in/policy.pdf", ToPdf(doc).pdf);
  WriteFile(dir_ / "in/policy.html", ToHtml(doc));
  ASSERT_TRUE(WriteZip(dir_ / "in/policy.docx", ToDocx(doc)));
  std::vector<PdfPage> scanned(1);
  scanned[0].image = true;
  WriteFile(dir_ / "scan.pdf", WritePdf(scanned));

  auto [out, status] =
      Accord("ingest " + Quote((dir_ / "in").string()) + " " + Quote((dir_ / "scan.pdf").string()));
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("added      3"), std::string::npos) << out;
  EXPECT_NE(out.find("scan.pdf has no text layer"), std::string::npos) << out;

  auto [show, show_status] = Accord("show " + Quote("International Telecommunication Union"));
  EXPECT_EQ(show_status, 0) << show;
  // one mention per document; only the PDF's carries a page
  EXPECT_NE(show.find("[International Telecommunication Union].  (p. 2)\n"), std::string::npos)
      << show;
  EXPECT_NE(show.find("International Telecommunication Union.\xE2\x80\x9D  \xE2\x80\x94 "
                      "Lakeside Accord on Artificial Intelligence, p. 2\n"),
            std::string::npos)
      << show;

  auto [json, export_status] = Accord("export -o " + Quote((dir_ / "g.json").string()));
  EXPECT_EQ(export_status, 0) << json;
  auto [text, cat_status] = Capture("cat " + Quote((dir_ / "g.json").string()));
  EXPECT_NE(text.find("\"page_starts\""), std::string::npos);
  EXPECT_NE(text.find("\"page\": 2"), std::string::npos);
}

}  // namespace
}  // namespace accord

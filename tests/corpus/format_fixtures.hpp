// Test fixtures for the PDF, HTML and DOCX readers, all made at test time by our own code:
// a tiny PDF writer (Helvetica Type1 text placed at coordinates, image-only pages for
// "scanned" files), a DOCX packer on libzip, and one policy document rendered as Markdown,
// HTML, DOCX and a two-column PDF with a running header, a running footer and page numbers.
#pragma once

#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace accord::corpus::testing {

// ---- PDF writer ------------------------------------------------------------------------------

struct PdfRun {
  double x = 0, y = 0;  // PDF user space: points from the bottom-left corner
  double size = 10;
  std::string text;  // WinAnsi bytes (ASCII here; "\x95" is a bullet)
};

struct PdfPage {
  std::vector<PdfRun> runs;
  bool image = false;  // draw a small grey image (a "scanned" page has only this)
};

inline std::string PdfEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '(' || c == ')' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// A complete PDF 1.4 file: catalog, page tree, one Helvetica font, per page a content stream
// (and an image XObject when asked), a correct cross-reference table and trailer. `locked`
// adds a standard security handler whose password is not empty (its O and U entries match no
// password a reader tries), as a password-protected file has. A non-empty `title` goes into
// the document information dictionary.
inline std::string WritePdf(const std::vector<PdfPage>& pages, double width = 612,
                            double height = 792, bool locked = false,
                            const std::string& title = "") {
  std::vector<std::string> objects;  // objects[i] is object i + 1, without "obj"/"endobj"
  const size_t n = pages.size();
  // 1 catalog, 2 pages, 3 font, 4 image, then (page, content) pairs
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (size_t i = 0; i < n; ++i) kids += std::to_string(5 + 2 * i) + " 0 R ";
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(n) + " >>");
  objects.push_back(
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  const std::string pixels("\x20\xC0\xC0\x20", 4);
  objects.push_back(
      "<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace "
      "/DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n" +
      pixels + "\nendstream");
  for (size_t i = 0; i < n; ++i) {
    std::ostringstream content;
    if (pages[i].image)
      content << "q " << width - 100 << " 0 0 " << height - 100 << " 50 50 cm /Im1 Do Q\n";
    for (const PdfRun& r : pages[i].runs)
      content << "BT /F1 " << r.size << " Tf " << r.x << " " << r.y << " Td (" << PdfEscape(r.text)
              << ") Tj ET\n";
    const std::string stream = content.str();
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + std::to_string(width) + " " +
                      std::to_string(height) +
                      "] /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> "
                      "/Contents " +
                      std::to_string(6 + 2 * i) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream +
                      "endstream");
  }
  if (!title.empty())
    objects.push_back("<< /Title (" + PdfEscape(title) + ") /Author (Accord Tests) >>");
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", off);
    pdf += line;
  }
  const std::string hex32(64, 'A');
  const std::string encrypt =
      locked ? " /Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <" + hex32 + "> /U <" +
                   hex32 +
                   "> >> /ID [<00112233445566778899AABBCCDDEEFF> "
                   "<00112233445566778899AABBCCDDEEFF>]"
             : "";
  const std::string info = title.empty() ? "" : " /Info " + std::to_string(objects.size()) + " 0 R";
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R" + info +
         encrypt + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// Helvetica advance widths (1/1000 em) for ASCII 32..126, from the standard font metrics.
inline double HelveticaWidth(const std::string& s, double size) {
  static constexpr int kWidths[95] = {
      278,  278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  // sp../
      556,  556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  // 0..?
      1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  // @..O
      667,  778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  // P.._
      333,  556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  // `..o
      556,  556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584};      // p..~
  double w = 0;
  for (unsigned char c : s) w += (c >= 32 && c < 127) ? kWidths[c - 32] : 556;
  return w * size / 1000.0;
}

// ---- the policy document in four formats -----------------------------------------------------

// One block of the document. A "~" inside a word marks where the PDF breaks it with a hyphen
// at a line end; every other format drops the mark.
struct Block {
  enum Kind { kTitle, kHeading, kParagraph, kBullet } kind;
  std::string text;
};

inline std::vector<Block> PolicyDocument() {
  return {
      {Block::kTitle, "Lakeside Accord on Artificial Intelligence"},
      {Block::kHeading, "Purpose"},
      {Block::kParagraph,
       "The Government of Kenya and the Government of Brazil adopted the Lakeside Accord on "
       "Artificial Intelligence in Nairobi on 12 March 2025. The Accord builds on the Bletchley "
       "Declaration and supports the Global Digital Compact. UNESCO welcomed the Accord."},
      {Block::kHeading, "Principles"},
      {Block::kParagraph, "The Accord sets out four principles:"},
      {Block::kBullet, "transparency"},
      {Block::kBullet, "accountability"},
      {Block::kBullet, "fairness"},
      {Block::kBullet, "human oversight"},
      {Block::kParagraph,
       "The signatories commit to the responsible gover~nance of artificial intelligence across "
       "the public sector."},
      {Block::kHeading, "Institutions"},
      {Block::kParagraph,
       "The Accord establishes the Lakeside AI Safety Institute. The Lakeside AI Safety "
       "Institute cooperates with the OECD and the International Telecommunication Union. Kenya "
       "will host the first meeting of the Institute in 2026."},
      {Block::kHeading, "Implementation"},
      {Block::kParagraph,
       "Brazil proposed a joint research programme on AI safety. The African Union endorsed the "
       "Accord. India and Japan later joined the Accord as observers."},
  };
}

inline std::string Unmarked(std::string s) {
  std::erase(s, '~');
  return s;
}

inline std::string ToMarkdown(const std::vector<Block>& doc) {
  std::string out;
  for (size_t i = 0; i < doc.size(); ++i) {
    const Block& b = doc[i];
    if (i > 0)
      out += (b.kind == Block::kBullet && doc[i - 1].kind == Block::kBullet) ? "\n" : "\n\n";
    switch (b.kind) {
      case Block::kTitle:
        out += "# ";
        break;
      case Block::kHeading:
        out += "## ";
        break;
      case Block::kBullet:
        out += "- ";
        break;
      case Block::kParagraph:
        break;
    }
    out += Unmarked(b.text);
  }
  return out + "\n";
}

// A page as a browser gets it: navigation, a site header and footer, a script, a style and an
// aside around the <main> content, entities in the text.
inline std::string ToHtml(const std::vector<Block>& doc) {
  auto escape = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '&')
        out += "&amp;";
      else if (c == '<')
        out += "&lt;";
      else if (c == '>')
        out += "&gt;";
      else
        out.push_back(c);
    }
    return out;
  };
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<title>Lakeside Accord &ndash; full text</title>\n"
      "<meta name=\"author\" content=\"Lantern Secretariat\">\n"
      "<style>body { font-family: serif } .Lantern { color: red }</style>\n"
      "<script>var secretariat = 'Lantern Secretariat of the World Bank';</script>\n"
      "</head><body>\n"
      "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/un\">United "
      "Nations</a></li></ul></nav>\n"
      "<header><p>Lantern Secretariat &mdash; consultation portal</p></header>\n"
      "<main>\n";
  bool in_list = false;
  for (const Block& b : doc) {
    if (b.kind != Block::kBullet && in_list) {
      out += "</ul>\n";
      in_list = false;
    }
    const std::string t = escape(Unmarked(b.text));
    switch (b.kind) {
      case Block::kTitle:
        out += "<h1>" + t + "</h1>\n";
        break;
      case Block::kHeading:
        out += "<section><h2>" + t + "</h2></section>\n";
        break;
      case Block::kParagraph:
        out += "<p>\n  " + t + "\n</p>\n";
        break;
      case Block::kBullet:
        if (!in_list) out += "<ul>\n";
        in_list = true;
        out += "  <li>" + t + "</li>\n";
        break;
    }
  }
  if (in_list) out += "</ul>\n";
  out +=
      "<aside><p>Related: the World Bank digital programme.</p></aside>\n"
      "</main>\n"
      "<footer><p>&copy; Lantern Secretariat. Contact the World Bank.</p></footer>\n"
      "<noscript>Please enable the World Bank viewer.</noscript>\n"
      "</body></html>\n";
  return out;
}

inline std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '"')
      out += "&quot;";
    else
      out.push_back(c);
  }
  return out;
}

inline const char* kWordNs =
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

inline std::string DocxParagraph(const std::string& text, const std::string& ppr = "") {
  // Split over two runs, as Word does, so the reader must join runs.
  const size_t half = text.size() / 2;
  return "<w:p>" + (ppr.empty() ? "" : "<w:pPr>" + ppr + "</w:pPr>") +
         "<w:r><w:t xml:space=\"preserve\">" + XmlEscape(text.substr(0, half)) +
         "</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">" +
         XmlEscape(text.substr(half)) + "</w:t></w:r></w:p>";
}

struct DocxParts {
  std::map<std::string, std::string> files;  // path in the archive -> bytes
};

inline DocxParts ToDocx(const std::vector<Block>& doc) {
  std::string body;
  for (const Block& b : doc) {
    const std::string t = Unmarked(b.text);
    switch (b.kind) {
      case Block::kTitle:
        body += DocxParagraph(t, "<w:pStyle w:val=\"Title\"/>");
        break;
      case Block::kHeading:
        body += DocxParagraph(t, "<w:pStyle w:val=\"Heading1\"/>");
        break;
      case Block::kParagraph:
        body += DocxParagraph(t);
        break;
      case Block::kBullet:
        body += DocxParagraph(t,
                              "<w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/>"
                              "<w:numId w:val=\"1\"/></w:numPr>");
        break;
    }
  }
  // a deleted run and a table after the text: the deletion never shows
  body +=
      "<w:p><w:del w:id=\"1\"><w:r><w:delText>Lantern Secretariat</w:delText></w:r></w:del></w:p>";
  DocxParts parts;
  parts.files["[Content_Types].xml"] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default "
      "Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
  parts.files["word/document.xml"] =
      std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document ") +
      kWordNs + "><w:body>" + body + "<w:sectPr/></w:body></w:document>";
  parts.files["word/styles.xml"] =
      std::string("<?xml version=\"1.0\"?><w:styles ") + kWordNs +
      "><w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List "
      "Paragraph\"/></w:style>"
      "</w:styles>";
  parts.files["word/numbering.xml"] =
      std::string("<?xml version=\"1.0\"?><w:numbering ") + kWordNs +
      "><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:numFmt "
      "w:val=\"bullet\"/></w:lvl>"
      "</w:abstractNum><w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:numFmt "
      "w:val=\"decimal\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId "
      "w:val=\"0\"/></w:num><w:num w:numId=\"2\"><w:abstractNumId "
      "w:val=\"1\"/></w:num></w:numbering>";
  parts.files["docProps/core.xml"] =
      "<?xml version=\"1.0\"?><cp:coreProperties "
      "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
      "<dc:title>Lakeside Accord on Artificial Intelligence</dc:title>"
      "<dc:creator>Accord Tests</dc:creator>"
      "<dcterms:created>2025-03-12T09:00:00Z</dcterms:created></cp:coreProperties>";
  return parts;
}

// Packs `parts` into a ZIP archive at `path` with libzip; returns false on failure.
inline bool WriteZip(const std::filesystem::path& path, const DocxParts& parts) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) return false;
  for (const auto& [name, bytes] : parts.files) {
    zip_source_t* src = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
    if (!src || zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE) < 0) {
      if (src) zip_source_free(src);
      zip_discard(z);
      return false;
    }
  }
  return zip_close(z) == 0;
}

// The PDF layout: two columns of `lines_per_column` lines, a full-width title on page 1, a
// running header on every page but the first, a running footer and a centred page number on
// every page. `pages_of` receives, for every word placed, the pages it was placed on.
struct PdfLayout {
  std::string pdf;
  std::map<std::string, std::set<int>> pages_of;  // word (no punctuation) -> 1-based pages
  int pages = 0;
};

inline PdfLayout ToPdf(const std::vector<Block>& doc, int lines_per_column = 9) {
  constexpr double kLeft[2] = {72, 322};
  constexpr double kColumnWidth = 200;  // 218 available: a margin for rounding
  constexpr double kTop = 700, kLeading = 13, kBody = 10, kHeadingSize = 13, kTitleSize = 18;
  PdfLayout out;
  std::vector<PdfPage> pages(1);
  int column = 0, line = 0;
  auto next_line = [&] {
    if (++line < lines_per_column) return;
    line = 0;
    if (++column == 2) {
      column = 0;
      pages.emplace_back();
    }
  };
  auto place = [&](const std::string& text, double size, double indent = 0) {
    pages.back().runs.push_back({kLeft[column] + indent, kTop - line * kLeading, size, text});
    std::string word;
    for (char c : text + " ") {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        word.push_back(c);
      } else if (!word.empty()) {
        out.pages_of[word].insert(static_cast<int>(pages.size()));
        word.clear();
      }
    }
  };
  bool first_block = true;
  for (size_t i = 0; i < doc.size(); ++i) {
    const Block& b = doc[i];
    if (b.kind == Block::kTitle) {
      pages.back().runs.push_back({72, 740, kTitleSize, Unmarked(b.text)});
      for (const std::string& w : {std::string("Lakeside"), std::string("Accord")})
        out.pages_of[w].insert(1);
      continue;
    }
    // a blank line between blocks (none between bullets, none at the top of a column)
    const bool tight = b.kind == Block::kBullet && i > 0 && doc[i - 1].kind == Block::kBullet;
    if (!first_block && !tight && line != 0) next_line();
    first_block = false;
    if (b.kind == Block::kHeading) {
      place(b.text, kHeadingSize);
      next_line();
      continue;
    }
    const double size = kBody;
    std::string prefix = b.kind == Block::kBullet ? "\x95 " : "";
    // greedy wrapping; a "~" in a word forces "before-" / "after" across a line end
    std::vector<std::string> words;
    std::istringstream in(b.text);
    for (std::string w; in >> w;) words.push_back(w);
    std::string current = prefix;
    auto emit = [&] {
      place(current, size);
      next_line();
      current.clear();
    };
    for (const std::string& w : words) {
      if (size_t tilde = w.find('~'); tilde != std::string::npos) {
        const std::string head = w.substr(0, tilde) + "-";
        current += (current.empty() || current == prefix ? "" : " ") + head;
        emit();
        current = w.substr(tilde + 1);
        continue;
      }
      const std::string candidate = current + (current.empty() || current == prefix ? "" : " ") + w;
      if (HelveticaWidth(candidate, size) > kColumnWidth && !current.empty() && current != prefix) {
        emit();
        current = w;
      } else {
        current = candidate;
      }
    }
    if (!current.empty()) emit();
  }
  if (pages.back().runs.empty()) pages.pop_back();
  const int n = static_cast<int>(pages.size());
  for (int p = 0; p < n; ++p) {
    if (p > 0)
      pages[p].runs.push_back(
          {72, 760, 9, "Lakeside Accord - Consultation Draft of the Lantern Secretariat"});
    pages[p].runs.push_back({72, 48, 8, "Lantern Secretariat, Geneva"});
    const std::string number = std::to_string(p + 1);
    pages[p].runs.push_back({306 - HelveticaWidth(number, 9) / 2, 30, 9, number});
  }
  out.pdf = WritePdf(pages);
  out.pages = n;
  return out;
}

inline void WriteFile(const std::filesystem::path& p, const std::string& bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

}  // namespace accord::corpus::testing

// `accord bench ingest`: end-to-end ingest throughput and query latency on a generated corpus.
//
// The generator writes deterministic (seeded splitmix64) governance-style Markdown: front
// matter, headings, paragraphs from many sentence templates (hosted / proposed / adopted /
// endorsed / attended / released / plans to establish / builds on / calls for …), enumerations
// with numeral cues ("five principles: a, b, c, d and e"), bullet lists, acronym definitions,
// named bodies, people with titles, countries, cities and dates. Names are generated from
// combinatorial pools and new ones keep appearing, so the entity count grows with the corpus.
// The corpus is then ingested into a fresh database with the default rules in three stages
// (10 %, 50 %, 100 % of the bytes) to show that time is linear in size, and search and one-hop
// neighbourhood latencies are measured on the result.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "accord/corpus/ingest.hpp"
#include "accord/corpus/rules.hpp"
#include "commands.hpp"

namespace accord::cli {
namespace fs = std::filesystem;

const CommandSpec kBenchSpec{
    .name = "bench",
    .usage = "ingest [--size-mb N] [--keep DIR] [--seed S]",
    .summary = "ingest throughput and query latency on a generated corpus",
    .description =
        "'accord bench ingest' writes a deterministic synthetic corpus of N MB of\n"
        "governance-style Markdown (files of 5-20 KB), ingests it into a fresh temporary\n"
        "database with the default rules in three stages (10 %, 50 %, 100 %) and prints the\n"
        "corpus size, MB/s end to end, the entity and relation counts, the cumulative time\n"
        "at each stage (linearity), and the median and p95 latency of ~200 searches for\n"
        "entity names and ~200 one-hop neighbourhoods (wall clock, and the CPU time of the\n"
        "querying thread, which a busy machine disturbs less). With --db the database is written\n"
        "there (it must not exist yet) instead of a temporary file.",
    .options = {{"--size-mb", "", "N", "corpus size in MB (default 50)"},
                {"--keep", "", "DIR", "write the corpus into DIR and keep it (DIR must be empty)"},
                {"--seed", "", "S", "generator seed (default 20251029)"}},
    .min_positional = 1,
    .max_positional = 1,
    .examples = "  accord bench ingest\n  accord bench ingest --size-mb 5\n"};

namespace {

// ---- deterministic randomness ------------------------------------------------------------

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) {
    return static_cast<size_t>(Next() % n);  // the bias is far below anything measured here
  }
  int Range(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<size_t>(hi - lo + 1)));
  }
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }
  template <class T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[Below(N)];
  }
  template <class T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  uint64_t s_;
};

// ---- vocabulary ---------------------------------------------------------------------------

const char* const kCountries[] = {
    "China",        "Pakistan",    "France",       "Germany",   "Japan",    "India",
    "Brazil",       "Kenya",       "Nigeria",      "Indonesia", "Canada",   "Mexico",
    "Chile",        "Egypt",       "Singapore",    "Malaysia",  "Viet Nam", "Thailand",
    "Italy",        "Spain",       "Poland",       "Sweden",    "Norway",   "Finland",
    "Australia",    "New Zealand", "South Africa", "Ghana",     "Rwanda",   "Morocco",
    "Saudi Arabia", "Turkey",      "Argentina",    "Colombia",  "Peru",     "Kazakhstan",
    "Uzbekistan",   "Mongolia",    "Bangladesh",   "Sri Lanka", "Nepal",    "Ethiopia",
    "Senegal",      "Portugal",    "Greece",       "Ireland",   "Austria",  "Switzerland",
    "Netherlands",  "Belgium",     "Denmark",      "Estonia",   "Serbia",   "Romania",
    "Hungary",      "Philippines", "Cambodia",     "Laos",      "Jordan",   "Oman"};

const char* const kCityA[] = {"Mar", "Vel", "Sor", "Kal", "Tor", "Bel", "Ash", "Dun", "Lor", "Pra",
                              "Zen", "Hal", "Riv", "Ost", "Cor", "Nam", "Tal", "Ber", "Syl", "Qua",
                              "Mon", "Ard", "Fen", "Gal", "Hes", "Ivo", "Jor", "Lum", "Nor", "Pel"};
const char* const kCityB[] = {"ova",    "aburg", "ington", "ara",  "ensk", "ado",  "ville", "ora",
                              "heim",   "anto",  "ay",     "ford", "ania", "una",  "esta",  "ik",
                              "opolis", "wick",  "enza",   "ola",  "avik", "mere", "ton",   "ida",
                              "ano",    "ssa",   "ent",    "eno",  "ovo",  "ir"};

const char* const kFirst[] = {
    "Amina",   "Bilal",   "Chen",   "Daniela", "Emeka",  "Farah",   "Gustavo", "Hana",
    "Ibrahim", "Julia",   "Kenji",  "Leila",   "Mateo",  "Nadia",   "Omar",    "Priya",
    "Quentin", "Rosa",    "Sanjay", "Tamara",  "Usman",  "Valeria", "Wei",     "Ximena",
    "Yusuf",   "Zainab",  "Anders", "Beatriz", "Carlos", "Dilnoza", "Elif",    "Femi",
    "Greta",   "Hiroshi", "Ines",   "Jonas",   "Kavya",  "Lucas",   "Mei",     "Nikolai"};
const char* const kLast[] = {
    "Okafor",   "Rahman",   "Li",        "Moreau",  "Schmidt",   "Tanaka", "Silva",   "Mwangi",
    "Haddad",   "Kowalski", "Lindqvist", "Novak",   "Ortega",    "Petrov", "Qureshi", "Rossi",
    "Sato",     "Tran",     "Usmani",    "Varga",   "Wang",      "Yilmaz", "Zhou",    "Abebe",
    "Baptiste", "Castillo", "Dube",      "Eriksen", "Fernandes", "Gupta",  "Hossain", "Ivanova",
    "Jensen",   "Kim",      "Lopez",     "Mensah",  "Nakamura",  "Osei",   "Park",    "Reyes"};
const char* const kRoles[] = {
    "Minister",   "President",    "Premier", "Secretary-General", "Director-General",
    "Ambassador", "Commissioner", "Chair",   "Vice-Minister",     "Special Envoy"};

const char* const kTopics[] = {"Digital Policy",
                               "AI Safety",
                               "Data Governance",
                               "Algorithmic Accountability",
                               "Machine Learning",
                               "Computing Standards",
                               "Responsible AI",
                               "Cyber Resilience",
                               "Open Science",
                               "Digital Trade",
                               "AI Ethics",
                               "Frontier Models",
                               "Public Sector AI",
                               "Digital Inclusion",
                               "Robotics",
                               "Semiconductor Research",
                               "Health Informatics",
                               "Smart Agriculture",
                               "Language Technology",
                               "Trustworthy Computing",
                               "AI Capacity Building",
                               "Digital Infrastructure",
                               "Cross-Border Data Flows",
                               "AI Literacy",
                               "Green Computing",
                               "Autonomous Systems",
                               "AI Risk Management",
                               "Privacy Engineering",
                               "Digital Identity",
                               "Content Provenance"};
const char* const kOrgAdj[] = {"International", "Regional", "Global",   "National", "Joint",
                               "Independent",   "Southern", "Northern", "Pacific",  "Continental"};
const char* const kOrgHead[] = {
    "Council", "Agency",     "Institute", "Commission",   "Authority",  "Forum",  "Alliance",
    "Centre",  "Laboratory", "Network",   "Organization", "Foundation", "Office", "Academy"};
const char* const kEventHead[] = {"Summit",
                                  "Conference",
                                  "Forum",
                                  "Dialogue",
                                  "Symposium",
                                  "High-Level Meeting",
                                  "Ministerial Meeting",
                                  "Roundtable"};
const char* const kInstrument[] = {"Action Plan", "Declaration", "Initiative", "Strategy",
                                   "Framework",   "Roadmap",     "Charter",    "Code of Conduct",
                                   "Compact",     "Guidelines"};
const char* const kPrinciples[] = {"human oversight",
                                   "transparency",
                                   "fairness",
                                   "accountability",
                                   "privacy protection",
                                   "safety",
                                   "robustness",
                                   "inclusiveness",
                                   "sustainability",
                                   "non-discrimination",
                                   "explainability",
                                   "respect for national sovereignty",
                                   "open cooperation",
                                   "capacity building",
                                   "data security",
                                   "human rights",
                                   "the rule of law",
                                   "people-centred development",
                                   "shared benefits",
                                   "risk-based regulation",
                                   "international cooperation",
                                   "environmental responsibility",
                                   "public trust",
                                   "contestability",
                                   "security by design",
                                   "equitable access",
                                   "cultural diversity",
                                   "meaningful consultation",
                                   "proportionality",
                                   "traceability"};
const char* const kSectors[] = {"healthcare",        "agriculture",     "education",
                                "finance",           "transport",       "energy",
                                "manufacturing",     "public services", "water management",
                                "disaster response", "justice",         "telecommunications"};
const char* const kTech[] = {"large language models",
                             "facial recognition",
                             "autonomous vehicles",
                             "generative AI",
                             "edge computing",
                             "digital twins",
                             "satellite imagery analysis",
                             "speech recognition",
                             "recommender systems",
                             "cloud computing"};
const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};
const char* const kNumerals[] = {"two", "three", "four", "five", "six", "seven", "eight"};
const char* const kOrdinals[] = {"First", "Second", "Third",   "Fourth",
                                 "Fifth", "Sixth",  "Seventh", "Eighth"};
const char* const kListNouns[] = {"principles", "pillars",     "measures",
                                  "priorities", "commitments", "objectives"};

// ---- the generator ------------------------------------------------------------------------

struct Org {
  std::string name, acronym;
};

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  std::string Document(int index) {
    Rng& r = rng_;
    doc_.clear();
    // The cast of this document: some new names, some from earlier documents.
    const std::string country = r.Pick(kCountries);
    const std::string country2 = OtherCountry(country);
    const std::string city = NewOrOld(
        cities_, [&] { return CityName(); }, 0.35);
    const Org issuer = OrgRef(0.5);  // copies: the pool may grow below
    const Org partner = OrgRef(0.4);
    const std::string event = NewEvent(city);
    const std::string instrument = NewInstrument(city, country);
    const std::string older = instruments_.size() > 3 ? r.Pick(instruments_) : instrument;
    const std::string person = PersonRef(0.5);
    const std::string role = r.Pick(kRoles);
    const int year = r.Range(2017, 2026);

    const char* kinds[] = {"declaration", "action plan", "policy", "communique", "report"};
    doc_ += "---\n";
    doc_ += "title: \"" + instrument + "\"\n";
    doc_ += "issuer: " + issuer.name + "\n";
    doc_ += "date: " + std::to_string(year) + "-" + Two(r.Range(1, 12)) + "-" +
            Two(r.Range(1, 28)) + "\n";
    doc_ += "kind: " + std::string(r.Pick(kinds)) + "\n";
    doc_ += "source: synthetic benchmark document " + std::to_string(index) + "\n";
    doc_ += "---\n\n# " + instrument + "\n\n";

    const size_t target = 5000 + r.Below(15000);
    int section = 0;
    const char* headings[] = {"Background",  "Principles",   "Measures",  "Implementation",
                              "Cooperation", "Institutions", "Follow-up", "Outlook"};
    while (doc_.size() < target) {
      doc_ += "## " + std::string(headings[section++ % 8]) + "\n\n";
      const int paragraphs = r.Range(1, 3);
      for (int p = 0; p < paragraphs && doc_.size() < target; ++p) {
        const int sentences = r.Range(3, 7);
        for (int s = 0; s < sentences; ++s) {
          if (s) doc_ += ' ';
          Sentence(country, country2, city, issuer, partner, event, instrument, older, person, role,
                   year);
        }
        doc_ += "\n\n";
      }
      if (r.Chance(0.4)) BulletList(instrument);
    }
    return doc_;
  }

  size_t NameCount() const {
    return orgs_.size() + cities_.size() + events_.size() + instruments_.size() + people_.size();
  }

 private:
  static std::string Two(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

  std::string Date(int year) {
    return std::to_string(rng_.Range(1, 28)) + " " + rng_.Pick(kMonths) + " " +
           std::to_string(year);
  }

  std::string OtherCountry(const std::string& not_this) {
    for (;;) {
      std::string c = rng_.Pick(kCountries);
      if (c != not_this) return c;
    }
  }

  template <class Make>
  std::string NewOrOld(std::vector<std::string>& pool, Make make, double p_new) {
    if (pool.empty() || rng_.Chance(p_new)) {
      for (int tries = 0; tries < 50; ++tries) {
        std::string n = make();
        if (used_.insert(n).second) {
          pool.push_back(n);
          return n;
        }
      }
    }
    return rng_.Pick(pool);
  }

  std::string CityName() { return std::string(rng_.Pick(kCityA)) + rng_.Pick(kCityB); }

  const Org& OrgRef(double p_new) {
    if (orgs_.empty() || rng_.Chance(p_new)) {
      for (int tries = 0; tries < 50; ++tries) {
        std::string name;
        switch (rng_.Below(3)) {
          case 0:
            name = std::string(rng_.Pick(kOrgAdj)) + " " + rng_.Pick(kTopics) + " " +
                   rng_.Pick(kOrgHead);
            break;
          case 1:
            name = CityName() + " " + rng_.Pick(kTopics) + " " + rng_.Pick(kOrgHead);
            break;
          default:
            name = std::string(rng_.Pick(kOrgHead)) + " for " + rng_.Pick(kTopics) + " of " +
                   CityName();
            break;
        }
        if (!used_.insert(name).second) continue;
        std::string acr;
        for (size_t i = 0; i < name.size(); ++i) {
          if ((i == 0 || name[i - 1] == ' ' || name[i - 1] == '-') && name[i] >= 'A' &&
              name[i] <= 'Z') {
            acr += name[i];
          }
        }
        orgs_.push_back({name, acr.size() >= 2 ? acr : std::string()});
        return orgs_.back();
      }
    }
    return orgs_[rng_.Below(orgs_.size())];
  }

  std::string PersonRef(double p_new) {
    return NewOrOld(
        people_, [&] { return std::string(rng_.Pick(kFirst)) + " " + rng_.Pick(kLast); }, p_new);
  }

  std::string NewEvent(const std::string& city) {
    return NewOrOld(
        events_,
        [&] {
          switch (rng_.Below(3)) {
            case 0:
              return city + " " + rng_.Pick(kEventHead) + " on " + rng_.Pick(kTopics);
            case 1:
              return std::string(rng_.Pick(kOrdinals)) + " " + rng_.Pick(kTopics) + " " +
                     rng_.Pick(kEventHead);
            default:
              return std::string("World ") + rng_.Pick(kTopics) + " " + rng_.Pick(kEventHead) +
                     " " + std::to_string(rng_.Range(2018, 2026));
          }
        },
        0.7);
  }

  std::string NewInstrument(const std::string& city, const std::string& country) {
    return NewOrOld(
        instruments_,
        [&] {
          switch (rng_.Below(4)) {
            case 0:
              return city + " " + rng_.Pick(kInstrument) + " on " + rng_.Pick(kTopics);
            case 1:
              return std::string("Global ") + rng_.Pick(kTopics) + " " + rng_.Pick(kInstrument);
            case 2:
              return country + " National " + rng_.Pick(kTopics) + " " + rng_.Pick(kInstrument) +
                     " " + std::to_string(rng_.Range(2019, 2027));
            default:
              return std::string(rng_.Pick(kTopics)) + " " + rng_.Pick(kInstrument) + " of " + city;
          }
        },
        0.9);
  }

  void Enumeration(const std::string& owner) {
    const int n = rng_.Range(2, 8);
    std::vector<std::string> items;
    std::set<size_t> seen;
    while (static_cast<int>(items.size()) < n) {
      size_t i = rng_.Below(std::size(kPrinciples));
      if (seen.insert(i).second) items.push_back(kPrinciples[i]);
    }
    doc_ += "The " + owner + " sets out " + kNumerals[n - 2] + " " + rng_.Pick(kListNouns) + ": ";
    for (int i = 0; i < n; ++i) {
      if (i) doc_ += i == n - 1 ? (rng_.Chance(0.5) ? ", and " : " and ") : ", ";
      doc_ += items[static_cast<size_t>(i)];
    }
    doc_ += ".";
  }

  void BulletList(const std::string& owner) {
    const int n = rng_.Range(3, 6);
    doc_ += "The " + std::string(kNumerals[n - 2]) + " " + rng_.Pick(kListNouns) + " of the " +
            owner + " are:\n\n";
    for (int i = 0; i < n; ++i) {
      doc_ += "- " + std::string(rng_.Pick(kPrinciples)) + " in " + rng_.Pick(kSectors) + "\n";
    }
    doc_ += "\n";
  }

  void Sentence(const std::string& country, const std::string& country2, const std::string& city,
                const Org& issuer, const Org& partner, const std::string& event,
                const std::string& instrument, const std::string& older, const std::string& person,
                const std::string& role, int year) {
    Rng& r = rng_;
    const std::string org = issuer.name;
    const std::string acr = issuer.acronym.empty() ? issuer.name : issuer.acronym;
    switch (r.Below(30)) {
      case 0:
        doc_ += "The " + org + " hosted the " + event + " in " + city + ", " + country + ", on " +
                Date(year) + ".";
        break;
      case 1:
        doc_ += country + " proposed the " + instrument + " at the " + event + ".";
        break;
      case 2:
        doc_ += "The " + instrument + " was adopted by the " + partner.name + " in " +
                r.Pick(kMonths) + " " + std::to_string(year) + ".";
        break;
      case 3:
        doc_ += country + " endorsed the " + older + " together with " + country2 + " and " +
                r.Pick(kCountries) + ".";
        break;
      case 4:
        Enumeration(instrument);
        break;
      case 5:
        doc_ += role + " " + person + " of " + country + " attended the opening ceremony of the " +
                event + " and delivered a keynote speech.";
        break;
      case 6:
        if (!issuer.acronym.empty()) {
          doc_ += "The " + org + " (" + issuer.acronym + ") released the " + instrument + " on " +
                  Date(year) + ".";
        } else {
          doc_ += "The " + org + " released the " + instrument + " on " + Date(year) + ".";
        }
        break;
      case 7:
        doc_ += "The " + acr + " plans to establish a " + r.Pick(kTopics) + " Centre in " + city +
                " by " + std::to_string(year + r.Range(1, 3)) + ".";
        break;
      case 8:
        doc_ += "The " + org + " signed a memorandum of understanding with the " + partner.name +
                " on " + Lower(r.Pick(kTopics)) + ".";
        break;
      case 9:
        doc_ += "The " + instrument + " builds on the " + older + " and complements the " +
                NewOrOld(
                    instruments_, [&] { return CityName() + " Declaration"; }, 0.3) +
                ".";
        break;
      case 10:
        doc_ += "Under the " + instrument + ", the " + partner.name + " trains " +
                std::to_string(r.Range(2, 90) * 50) + " officials in " + r.Pick(kSectors) +
                " each year.";
        break;
      case 11:
        doc_ += "The " + instrument + " calls for " + r.Pick(kPrinciples) + " and " +
                r.Pick(kPrinciples) + " in the use of " + r.Pick(kTech) + ".";
        break;
      case 12:
        doc_ += country2 + " aligns its " + r.Pick(kTopics) + " policy with the " + older + ".";
        break;
      case 13:
        doc_ += "The " + event + " was held in " + city + " from " + Date(year) + " to " +
                Date(year) + ".";
        break;
      case 14:
        doc_ += "Delegates from " + country + ", " + country2 + " and " + r.Pick(kCountries) +
                " discussed " + r.Pick(kPrinciples) + " and the risks of " + r.Pick(kTech) + ".";
        break;
      case 15:
        doc_ += std::string(r.Pick(kOrdinals)) + ", the " + instrument + " promotes " +
                r.Pick(kPrinciples) + " across " + r.Pick(kSectors) + ".";
        break;
      case 16:
        doc_ += "The " + partner.name + " is located in " + city + ", " + country + ".";
        break;
      case 17:
        doc_ += "The " + org + " assists " + country2 + " in building capacity for " +
                r.Pick(kTech) + ".";
        break;
      case 18:
        doc_ += "The " + instrument + " is part of the " + older + ".";
        break;
      case 19:
        doc_ += "According to the " + org + ", about " + std::to_string(r.Range(10, 95)) +
                " per cent of firms in " + r.Pick(kSectors) + " used " + r.Pick(kTech) + " in " +
                std::to_string(year) + ".";
        break;
      case 20:
        doc_ += PersonRef(0.3) + ", " + r.Pick(kRoles) + " of the " + partner.name + ", said the " +
                instrument + " would guide investment in " + r.Pick(kSectors) + ".";
        break;
      case 21:
        doc_ += "The " + std::string(r.Pick(kOrgAdj)) + " " + r.Pick(kTopics) +
                " Working Group unveiled a report on " + r.Pick(kTech) + " in " + city + ".";
        break;
      case 22:
        doc_ += "The Plan includes " + std::to_string(r.Range(5, 20)) + " measures on " +
                r.Pick(kPrinciples) + ", to be reviewed in " + std::to_string(year + 2) + ".";
        break;
      case 24:
        doc_ += "Participants recognised that the rapid development of artificial intelligence "
                "brings both opportunities and risks, and that no country can address them alone.";
        break;
      case 25:
        doc_ += "The text stresses that " + std::string(r.Pick(kPrinciples)) +
                " should guide the design, deployment and evaluation of systems used in " +
                r.Pick(kSectors) + ".";
        break;
      case 26:
        doc_ += "Governments, industry, academia and civil society are invited to share "
                "experience, data and good practice on a voluntary basis.";
        break;
      case 27:
        doc_ += "Progress will be reviewed every " + std::string(r.Pick(kNumerals)) +
                " years on the basis of national reports and an independent assessment.";
        break;
      case 28:
        doc_ += "Developing countries need support to close the digital divide, including "
                "access to computing power, connectivity and training in " +
                std::string(r.Pick(kTech)) + ".";
        break;
      default:
        doc_ += "It also encourages " + std::string(r.Pick(kPrinciples)) + ", " +
                r.Pick(kPrinciples) + " and the responsible use of " + r.Pick(kTech) + ".";
        break;
    }
  }

  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  Rng rng_;
  std::string doc_;
  std::vector<Org> orgs_;
  std::vector<std::string> cities_, events_, instruments_, people_;
  std::unordered_set<std::string> used_;
};

struct Latency {
  double median_ms = 0, p95_ms = 0;
};

Latency Summarize(std::vector<double> ns) {
  Latency l;
  if (ns.empty()) return l;
  std::sort(ns.begin(), ns.end());
  l.median_ms = ns[ns.size() / 2] / 1e6;
  l.p95_ms = ns[std::min(ns.size() - 1, (ns.size() * 95) / 100)] / 1e6;
  return l;
}

std::string Ms(const Latency& l) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "median %.2f ms, p95 %.2f ms", l.median_ms, l.p95_ms);
  return buf;
}

// CPU time of the calling thread: query latency without the waits of a busy machine.
int64_t ThreadCpuNs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return int64_t{t.tv_sec} * 1000000000 + t.tv_nsec;
}

struct TempDir {
  fs::path path;
  bool keep = false;
  ~TempDir() {
    if (!keep && !path.empty()) {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  }
};

graph::Result<fs::path> MakeTempDir(const char* tag) {
  std::error_code ec;
  fs::path base = fs::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string templ = (base / (std::string("accord-bench-") + tag + "-XXXXXX")).string();
  if (!::mkdtemp(templ.data())) {
    return graph::Fail(graph::ErrorCode::kIo,
                       "cannot create a temporary folder in " + base.string());
  }
  return fs::path(templ);
}

}  // namespace

int RunBench(const Args& args) {
  if (args.positional[0] != "ingest") {
    return UsageError(kBenchSpec, "unknown benchmark " + Quoted(args.positional[0]) +
                                      "; the one there is: ingest");
  }
  int exit_code = kExitOk;
  int64_t size_mb = 50;
  if (args.Has("--size-mb")) {
    auto v = ParseCount(kBenchSpec, "--size-mb", args.Get("--size-mb"), 1, 100000, &exit_code);
    if (!v) return exit_code;
    size_mb = *v;
  }
  uint64_t seed = 20251029;
  if (args.Has("--seed")) {
    auto v = ParseCount(kBenchSpec, "--seed", args.Get("--seed"), 0, 999999999999, &exit_code);
    if (!v) return exit_code;
    seed = static_cast<uint64_t>(*v);
  }

  // Where the corpus and the database go.
  TempDir corpus_dir, db_dir;
  std::error_code ec;
  if (args.Has("--keep")) {
    corpus_dir.path = args.Get("--keep");
    corpus_dir.keep = true;
    if (fs::exists(corpus_dir.path, ec) && !fs::is_empty(corpus_dir.path, ec)) {
      return Fail(corpus_dir.path.string() + " is not empty; --keep wants a new or empty folder");
    }
    fs::create_directories(corpus_dir.path, ec);
    if (ec) return Fail("cannot create " + corpus_dir.path.string() + " (" + ec.message() + ")");
  } else {
    auto d = MakeTempDir("corpus");
    if (!d) return Fail(d.error());
    corpus_dir.path = *d;
  }
  fs::path db_path;
  if (args.Has("--db")) {
    db_path = args.Get("--db");
    if (fs::exists(db_path, ec)) {
      return Fail(db_path.string() + " already exists; the benchmark wants a fresh database");
    }
  } else {
    auto d = MakeTempDir("db");
    if (!d) return Fail(d.error());
    db_dir.path = *d;
    db_path = *d / "bench.db";
  }

  InterruptGuard interrupt;
  ProgressBar bar("bench");

  // 1. Generate the corpus: 100 files per folder.
  const int64_t t_gen = NowNs();
  const double target = static_cast<double>(size_mb) * 1e6;
  Generator gen(seed);
  std::vector<fs::path> files;
  std::vector<double> cumulative;  // bytes up to and including each file
  double bytes = 0;
  for (int i = 0; bytes < target; ++i) {
    if (InterruptGuard::Interrupted()) return Fail("benchmark interrupted");
    const std::string text = gen.Document(i);
    char sub[32], name[48];
    std::snprintf(sub, sizeof sub, "part-%04d", i / 100);
    std::snprintf(name, sizeof name, "doc-%06d.md", i);
    fs::path dir = corpus_dir.path / sub;
    if (i % 100 == 0) fs::create_directories(dir, ec);
    fs::path file = dir / name;
    std::ofstream out(file, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) return Fail("cannot write " + file.string());
    files.push_back(file);
    bytes += static_cast<double>(text.size());
    cumulative.push_back(bytes);
    if (i % 64 == 0) bar.Update(bytes, target, "generating " + file.filename().string());
  }
  bar.Finish();
  const double gen_secs = static_cast<double>(NowNs() - t_gen) / 1e9;

  // 2. Ingest in three stages: up to 10 %, 50 % and 100 % of the bytes.
  auto rules = corpus::LoadDefaultRules();
  if (!rules) return Fail(rules.error());
  auto store = graph::Store::Open(db_path, graph::OpenMode::kReadWrite);
  if (!store) return Fail(store.error());

  const double stage_frac[] = {0.10, 0.50, 1.00};
  struct Stage {
    double frac, bytes, secs;
    size_t files;
  };
  std::vector<Stage> stages;
  size_t begin = 0;
  double ingest_ns = 0;
  int64_t skipped = 0;
  double prepare_secs = 0, store_secs = 0;
  for (double frac : stage_frac) {
    size_t end = begin;
    while (end < files.size() && (cumulative[end] <= frac * bytes + 0.5 || frac >= 1.0)) ++end;
    std::vector<fs::path> batch(files.begin() + static_cast<std::ptrdiff_t>(begin),
                                files.begin() + static_cast<std::ptrdiff_t>(end));
    const double base = begin ? cumulative[begin - 1] : 0;
    auto progress = [&](double done, double, std::string_view label) {
      return bar.Update(base + done, bytes, label);
    };
    const int64_t t0 = NowNs();
    auto report = corpus::IngestPaths(*store, batch, **rules, progress);
    ingest_ns += static_cast<double>(NowNs() - t0);
    if (!report) {
      bar.Finish();
      return Fail(report.error());
    }
    skipped += static_cast<int64_t>(report->skipped.size());
    prepare_secs += report->prepare_seconds;
    store_secs += report->store_seconds;
    stages.push_back({frac, end ? cumulative[end - 1] : 0, ingest_ns / 1e9, end});
    begin = end;
  }
  bar.Finish();
  const double secs = ingest_ns / 1e9;

  auto stats = store->GetStats();
  if (!stats) return Fail(stats.error());

  // 3. Query latency on the resulting database.
  graph::GraphFilter structure;
  structure.with_details = false;
  structure.include_cooccurrence = false;
  auto g = store->LoadGraph(structure);
  if (!g) return Fail(g.error());
  Rng pick(seed ^ 0xABCDEFull);
  std::vector<double> search_ns, hood_ns, search_cpu_ns, hood_cpu_ns;
  const size_t samples = std::min<size_t>(200, g->nodes.size());
  for (size_t i = 0; i < samples; ++i) {
    const graph::NodeInfo& n = g->nodes[pick.Below(g->nodes.size())];
    int64_t t0 = NowNs(), c0 = ThreadCpuNs();
    auto hits = store->Search(n.label, 20);
    search_ns.push_back(static_cast<double>(NowNs() - t0));
    search_cpu_ns.push_back(static_cast<double>(ThreadCpuNs() - c0));
    if (!hits) return Fail(hits.error());
    t0 = NowNs();
    c0 = ThreadCpuNs();
    auto hood = store->Neighborhood({n.id}, 1);
    hood_ns.push_back(static_cast<double>(NowNs() - t0));
    hood_cpu_ns.push_back(static_cast<double>(ThreadCpuNs() - c0));
    if (!hood) return Fail(hood.error());
  }

  char line[256];
  std::string out = "Accord ingest benchmark (seed " + std::to_string(seed) + ")\n";
  std::snprintf(line, sizeof line,
                "corpus       %.1f MB in %zu Markdown files (generated in %.1f s%s%s)\n",
                bytes / 1e6, files.size(), gen_secs, corpus_dir.keep ? ", kept in " : "",
                corpus_dir.keep ? corpus_dir.path.string().c_str() : "");
  out += line;
  std::snprintf(line, sizeof line,
                "ingest       %.2f s end to end = %.1f MB/s (%u threads available)\n", secs,
                secs > 0 ? bytes / 1e6 / secs : 0.0, std::thread::hardware_concurrency());
  out += line;
  std::snprintf(
      line, sizeof line,
      "split        read+parse+extract %.2f s (summed over worker threads), store %.2f s\n",
      prepare_secs, store_secs);
  out += line;
  std::snprintf(
      line, sizeof line,
      "graph        %lld entities, %lld relations, %lld co-occurrence links, %lld mentions%s\n",
      static_cast<long long>(stats->entities), static_cast<long long>(stats->relations),
      static_cast<long long>(stats->cooccurrences), static_cast<long long>(stats->mentions),
      skipped ? " (some files skipped!)" : "");
  out += line;
  for (const Stage& s : stages) {
    std::snprintf(line, sizeof line,
                  "stage %3.0f%%   %6.1f MB  %5zu files  cumulative %7.2f s  (%.1f MB/s)\n",
                  s.frac * 100, s.bytes / 1e6, s.files, s.secs,
                  s.secs > 0 ? s.bytes / 1e6 / s.secs : 0.0);
    out += line;
  }
  if (stages.size() == 3 && stages[0].bytes > 0 && stages[0].secs > 0) {
    const double first = stages[0].secs / stages[0].bytes;
    const double last = (stages[2].secs - stages[1].secs) / (stages[2].bytes - stages[1].bytes);
    std::snprintf(line, sizeof line,
                  "linearity    seconds per MB in the last half / in the first 10%%: %.2f "
                  "(1.00 = linear)\n",
                  last / first);
    out += line;
  }
  out += "search       " + Ms(Summarize(search_ns)) + " (" + std::to_string(search_ns.size()) +
         " queries of entity names, top 20; thread CPU " + Ms(Summarize(search_cpu_ns)) + ")\n";
  out += "neighbours   " + Ms(Summarize(hood_ns)) + " (" + std::to_string(hood_ns.size()) +
         " one-hop neighbourhoods; thread CPU " + Ms(Summarize(hood_cpu_ns)) + ")\n";
  out +=
      "database     " + db_path.string() + (db_dir.path.empty() ? "" : " (deleted on exit)") + "\n";
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

}  // namespace accord::cli

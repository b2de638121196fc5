# Turns the default rules JSON into a C++ source holding it as one raw string literal.
file(READ ${IN} ACCORD_JSON)
file(WRITE ${OUT} "// Generated from corpus/rules/default.json: do not edit.\n"
  "#include <string_view>\n"
  "namespace accord::corpus {\n"
  "std::string_view DefaultRulesJson() {\n"
  "  static constexpr char kJson[] = R\"accord_json(${ACCORD_JSON})accord_json\";\n"
  "  return std::string_view(kJson, sizeof(kJson) - 1);\n"
  "}\n"
  "}  // namespace accord::corpus\n")

// The accord-graph JSON format (d3 convention: loads as is in d3-force or force-graph):
// {"format":"accord-graph","version":1,
//  "documents":[{"id","title","path","content_hash","metadata":{…}}],
//  "nodes":[{"id","label","type","aliases":[…],"degree","documents":[…],
//            "mentions":[{"document","start","end"}]}],
//  "links":[{"id","source","target","type","kind","evidence":[{"document","start","end","text"}]}]}
// Written with RapidJSON's streaming writer in a fixed order (ids ascending) with fixed number
// formatting, so output is byte-stable. "kind" is "stated" or "cooccurrence"; "degree" counts
// the links of the node inside the exported graph.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "accord/graph/records.hpp"
#include "accord/graph/result.hpp"

namespace accord::graph {

// Writes `graph` to `out`, indented when `pretty`. Fails only on a stream error.
Status WriteGraphJson(const GraphData& graph, std::ostream& out, bool pretty = true);

// Writes to `path` atomically: a temporary file beside it, then rename. Refuses to replace an
// existing file unless `overwrite` (kIo with a sentence saying so).
Status WriteGraphJsonFile(const GraphData& graph, const std::string& path, bool overwrite);

// Parses and validates the format. `source` names the input in messages ("graph.json"); errors
// give the line and column. Links that name missing nodes, duplicate ids, wrong types and
// out-of-range numbers are kInvalid.
Result<GraphData> ReadGraphJson(std::string_view text, std::string_view source);
Result<GraphData> ReadGraphJsonFile(const std::string& path);

// Appends `s` as a JSON string literal (quotes, backslashes and control characters escaped;
// UTF-8 passed through), for writers that build JSON text by hand for speed.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace accord::graph

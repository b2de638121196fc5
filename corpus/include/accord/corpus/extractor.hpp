// The extractor: one loaded document -> entities, mentions, relations and evidence, ready for
// graph::Store::IngestDocument. Deterministic and explainable: a cascade of gazetteer lookup,
// capitalised-phrase chunking with head-noun typing, acronym definitions, title stripping,
// enumerations with numeral cues, Hearst patterns, definite-description coreference, and verb
// patterns from the rules' relation table. No network, no model weights.
#pragma once

#include "accord/corpus/document.hpp"
#include "accord/corpus/rules.hpp"
#include "accord/graph/records.hpp"

namespace accord::corpus {

// Extracts the graph of one document. Linear in the document's size (times the small rule
// constants). Never fails on valid UTF-8 text.
graph::DocumentRec Extract(const LoadedDocument& doc, const Rules& rules);

}  // namespace accord::corpus

#!/usr/bin/env python3
"""Check the gold annotations in this directory against their documents.

For every *.gold.json file next to this script, verify that each entity name,
alias, list item, list owner, relation end and relation evidence occurs
verbatim (case-insensitive) in the body of the annotated document, and that
relation ends and list owners name annotated entities.

Documents are looked up in corpus/documents/ of the repository, then next to
the gold file.  Exit status 0 when every file passes, 1 otherwise.
Usage: python3 check_gold.py [GOLD.json ...]
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SEARCH_DIRS = [os.path.join(ROOT, "corpus", "documents"), HERE]
ENTITY_TYPES = {
    "organization", "country", "place", "event", "person", "role", "policy",
    "plan", "initiative", "principle", "pillar", "measure", "sector",
    "technology", "date", "number",
}


def document_body(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return "\n".join(lines[i + 1:])
    return text


def find_document(name):
    for d in SEARCH_DIRS:
        p = os.path.join(d, name)
        if os.path.isfile(p):
            return p
    return None


def check(gold_path):
    errors = []
    with open(gold_path, encoding="utf-8") as f:
        gold = json.load(f)
    doc_name = gold.get("document", "")
    doc_path = find_document(doc_name)
    if doc_path is None:
        return [f"document {doc_name!r} not found"], (0, 0, 0)
    body = document_body(doc_path).lower()

    def need(s, what):
        if not isinstance(s, str) or not s.strip():
            errors.append(f"{what}: empty or not a string")
        elif s.lower() not in body:
            errors.append(f"{what}: {s!r} not found in {doc_name}")

    names = set()
    for i, e in enumerate(gold.get("entities", [])):
        need(e.get("name"), f"entity {i}")
        if e.get("type") not in ENTITY_TYPES:
            errors.append(f"entity {e.get('name')!r}: unknown type {e.get('type')!r}")
        if e.get("name") in names:
            errors.append(f"entity {e.get('name')!r}: duplicate")
        names.add(e.get("name"))
        for a in e.get("aliases", []):
            need(a, f"alias of {e.get('name')!r}")
    for i, r in enumerate(gold.get("relations", [])):
        for end in ("source", "target"):
            need(r.get(end), f"relation {i} {end}")
            if r.get(end) not in names:
                errors.append(f"relation {i} {end} {r.get(end)!r} is not an entity name")
        t = r.get("type", "")
        if not t or t != t.lower() or " " in t:
            errors.append(f"relation {i}: type {t!r} is not snake_case")
        need(r.get("evidence"), f"relation {i} evidence")
    for i, l in enumerate(gold.get("lists", [])):
        need(l.get("owner"), f"list {i} owner")
        if l.get("owner") not in names:
            errors.append(f"list {i} owner {l.get('owner')!r} is not an entity name")
        if not l.get("items"):
            errors.append(f"list {i}: no items")
        for it in l.get("items", []):
            need(it, f"list {i} ({l.get('head')!r}) item")
    counts = (len(gold.get("entities", [])), len(gold.get("relations", [])),
              len(gold.get("lists", [])))
    return errors, counts


def main(argv):
    paths = argv[1:] or sorted(
        os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".gold.json"))
    if not paths:
        print("no gold files found")
        return 1
    failed = 0
    for p in paths:
        errors, (ne, nr, nl) = check(p)
        status = "ok" if not errors else "FAIL"
        print(f"{status} {os.path.basename(p)}: {ne} entities, {nr} relations, {nl} lists")
        for e in errors:
            print("   ", e)
        failed += bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

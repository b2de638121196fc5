"""Shared by the Python consumer checks: a temporary database of the bundled corpus and
`accord export` runs into it."""
import json
import os
import subprocess
import sys
import tempfile


class Exports:
    def __init__(self, accord, corpus):
        self.accord = accord
        self.dir = tempfile.TemporaryDirectory(prefix="accord-consumer-")
        self.db = os.path.join(self.dir.name, "g.db")
        self.run("ingest", corpus)

    def run(self, *args):
        r = subprocess.run([self.accord, *args, "--db", self.db], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"accord {' '.join(args)} failed: {r.stderr.strip()}")
        return r.stdout

    def export(self, fmt, name, *extra):
        path = os.path.join(self.dir.name, name)
        self.run("export", "--format", fmt, "-o", path, *extra)
        return path

    def reference(self, *extra):
        """The d3 (accord-graph) export: the reference every other format must match."""
        with open(self.export("d3", "ref-%d.json" % len(os.listdir(self.dir.name)), *extra),
                  encoding="utf-8") as f:
            return json.load(f)


# Views of the graph as used by every check, plus a subgraph.
SUBGRAPH = ("--entity", "Global AI Governance Action Plan", "--depth", "2")

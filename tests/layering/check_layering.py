#!/usr/bin/env python3
"""The layering rules of docs/architecture.md, checked on every source file.

    check_layering.py ROOT          check the tree at ROOT (exit 1 on a breach)
    check_layering.py --self-test   plant one breach of each rule in a copy of
                                    a tiny tree and check that each is caught

Rules:
  * a folder includes only the folders below it (ALLOWED); models never
    include sim;
  * third-party libraries only where their library links them: yaml-cpp in
    sim/scenario, Eigen in models/boundary and models/fit, NLopt in
    models/fit, MPI in sim/batch, CLI11 in
    sim/cli, OpenMP and oneTBB in sim/engine;
  * the report never includes the engine (it reads results only);
  * only sim/cli turns errors into exit codes (kExit... names).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Folder -> the folders its files may include (itself always allowed).
ALLOWED = {
    "models/core": set(),
    "models/ballots": {"core"},
    "models/counting": {"core", "ballots"},
    "models/voters": {"core", "ballots"},
    "models/regional": {"core", "ballots", "counting"},
    "models/nec": {"core"},
    "models/boundary": {"core", "regional", "ballots", "counting"},
    "models/fit": {"core"},
    "sim/io": {"core"},
    "sim/scenario": {"core", "ballots", "counting", "regional", "nec", "boundary", "io"},
    "sim/engine": {"core", "ballots", "counting", "voters", "regional", "nec", "boundary", "scenario"},
    "sim/results": {"core"},
    "sim/outputs": {"core", "ballots", "counting", "voters", "regional", "nec", "boundary", "scenario",
                    "engine", "results", "io"},
    "sim/report": {"core", "results", "io"},
    "sim/fitting": {"core", "ballots", "counting", "voters", "fit", "scenario", "engine", "report", "io"},
    "sim/batch": {"core", "ballots", "counting", "voters", "regional", "nec", "boundary", "scenario",
                  "engine", "results", "outputs", "io"},
    "sim/cli": {"core", "ballots", "counting", "voters", "regional", "nec", "boundary", "scenario",
                "engine", "results", "outputs", "report", "batch", "io", "fit", "fitting"},
}
FOLDER_OF = {k.split("/")[1]: k for k in ALLOWED}

# Third-party headers (by prefix) -> the one folder allowed to include them.
THIRD_PARTY = [
    (re.compile(r"^yaml-cpp/"), {"sim/scenario"}, "yaml-cpp"),
    (re.compile(r"^Eigen/"), {"models/boundary", "models/fit"}, "Eigen"),
    (re.compile(r"^nlopt"), {"models/fit"}, "NLopt"),
    (re.compile(r"^mpi\.h$"), {"sim/batch"}, "MPI"),
    (re.compile(r"^CLI/"), {"sim/cli"}, "CLI11"),
    (re.compile(r"^omp\.h$"), {"sim/engine"}, "OpenMP"),
    (re.compile(r"^tbb/"), {"sim/engine"}, "oneTBB"),
]
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
EXIT_CODE = re.compile(r"\bkExit[A-Z]\w*")


def folder_of(rel):
    parts = rel.split("/")
    if len(parts) >= 3 and "/".join(parts[:2]) in ALLOWED:
        return "/".join(parts[:2])
    return None


def check(root):
    breaches = []
    for top in ("models", "sim"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith((".h", ".cc", ".in")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                here = folder_of(rel)
                if here is None:
                    breaches.append(f"{rel}: a source file outside the folders of docs/architecture.md")
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    lines = f.read().split("\n")
                for n, line in enumerate(lines, 1):
                    m = INCLUDE.match(line)
                    if m:
                        kind, target = m.groups()
                        first = target.split("/")[0]
                        if kind == '"':
                            if first in ("models", "sim", "tests", "bench"):
                                breaches.append(f"{rel}:{n}: includes \"{target}\": include by folder "
                                                "(\"core/status.h\"), not from the tree's root")
                            elif first in FOLDER_OF and first != here.split("/")[1] \
                                    and first not in ALLOWED[here]:
                                breaches.append(f"{rel}:{n}: {here} may not include {FOLDER_OF[first]} "
                                                f"(\"{target}\")")
                        for pattern, allowed, lib in THIRD_PARTY:
                            if pattern.match(target) and here not in allowed:
                                breaches.append(f"{rel}:{n}: includes {lib} ({target}); only "
                                                f"{', '.join(sorted(allowed))} may")
                    code = line.split("//")[0]
                    if here != "sim/cli" and EXIT_CODE.search(code):
                        breaches.append(f"{rel}:{n}: uses an exit code ({EXIT_CODE.search(code).group(0)}); "
                                        "only sim/cli turns errors into exit codes")
    return breaches


def self_test(script):
    plants = [
        ("models/core/bad.h", '#include "engine/engine.h"\n', "may not include sim/engine"),
        ("models/counting/bad.cc", '#include "voters/sampler.h"\n', "may not include models/voters"),
        ("sim/report/bad.cc", '#include "engine/engine.h"\n', "may not include sim/engine"),
        ("sim/engine/bad.cc", "#include <yaml-cpp/yaml.h>\n", "includes yaml-cpp"),
        ("sim/scenario/bad.cc", "#include <Eigen/Dense>\n", "includes Eigen"),
        ("sim/batch/bad.cc", "int f() { return kExitBadInput; }\n", "uses an exit code"),
        ("sim/engine/bad.h", '#include "models/core/status.h"\n', "include by folder"),
    ]
    failures = 0
    for rel, text, expect in plants:
        with tempfile.TemporaryDirectory() as tmp:
            for folder in ALLOWED:
                os.makedirs(os.path.join(tmp, folder))
            with open(os.path.join(tmp, "models/core/ok.h"), "w") as f:
                f.write('#pragma once\n#include <vector>\n')
            with open(os.path.join(tmp, "sim/cli/ok.cc"), "w") as f:
                f.write('#include "core/ok.h"\nint g() { return kExitOk; }\n')
            clean = subprocess.run([sys.executable, script, tmp], capture_output=True, text=True)
            with open(os.path.join(tmp, rel), "w") as f:
                f.write(text)
            bad = subprocess.run([sys.executable, script, tmp], capture_output=True, text=True)
        ok = clean.returncode == 0 and bad.returncode == 1 and expect in bad.stdout
        print(f"{'ok  ' if ok else 'FAIL'} planted {rel}: {text.strip()}")
        failures += not ok
    print(f"layering self-test: {len(plants) - failures} of {len(plants)} planted breaches caught")
    return 1 if failures else 0


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--self-test":
        return self_test(os.path.abspath(__file__))
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    breaches = check(sys.argv[1])
    for b in breaches:
        print(b)
    if breaches:
        print(f"layering: {len(breaches)} breach(es) of docs/architecture.md")
        return 1
    print("layering: every include follows docs/architecture.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

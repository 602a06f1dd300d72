"""The demo runs on runtime dependencies only (issue #13): fpdf2 is a dev dependency."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_runtime_deps_demo_corpus_without_fpdf2() -> None:
    # fpdf2 only rebuilds the committed PDF: listing the corpus and importing the CLI must not need it
    code = (
        "import sys; sys.modules['fpdf'] = None; sys.modules['nh3'] = None\n"
        "import dyadscope.cli, dyadscope.demo.run\n"
        "from dyadscope.demo import corpus_paths\n"
        "assert any(p.suffix == '.pdf' for p in corpus_paths())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr

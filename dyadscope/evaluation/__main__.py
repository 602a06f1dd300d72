"""``python -m dyadscope.evaluation``: extraction scores, then the assessment evaluation if installed."""

from __future__ import annotations

import importlib
import sys

from .extraction import main as extraction_main


def main() -> int:
    """Run every evaluation that is installed; the exit code is non-zero when one fails to run."""
    code = extraction_main()
    if {"--json", "--fold", "--gold", "-h", "--help"} & {arg.split("=")[0] for arg in sys.argv[1:]}:
        return code  # JSON stays one document; a fold or subset asks for extraction only
    try:
        assessment = importlib.import_module("dyadscope.evaluation.assessment")
    except ModuleNotFoundError as exc:
        if exc.name != "dyadscope.evaluation.assessment":
            raise
        return code
    result = assessment.run()
    return code or (int(result) if isinstance(result, int) else 0)


if __name__ == "__main__":
    sys.exit(main())

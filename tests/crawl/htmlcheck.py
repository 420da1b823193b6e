"""The Nu Html Checker (the W3C validator, npm ``vnu-jar``), run once over every saved page.

Errors only: the checker's warnings (an ``aria-*`` it finds redundant, a ``section`` without a
heading…) are advice, not invalid HTML. No error is ignored today; an entry of ``IGNORED`` must
say why the checker is wrong about Palabre's page, not why the page is hard to fix.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (pattern of the checker's message, why it is not an error of Palabre's page)
IGNORED: list[tuple[re.Pattern, str]] = []


def missing() -> str | None:
    """Why the checker cannot run here, or None."""
    if shutil.which("java") is None:
        return "Java est absent (apt-get install default-jre-headless)."
    if not JAR.exists():
        return f"{JAR.relative_to(ROOT)} est absent : lancez « make install-dev » (npm ci)."
    return None


def errors_in(directory: Path) -> list[dict]:
    """The checker's errors over every ``.html`` file of ``directory``, those of ``IGNORED``
    left out. Each: ``url`` (the file), ``lastLine``, ``message``, ``extract``."""
    done = subprocess.run(
        [
            shutil.which("java"),
            "-Xss8m",  # deep pages need a larger stack than the default (the checker's advice)
            "-jar",
            str(JAR),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(directory),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stderr)  # the checker writes its report on stderr
    return [
        message
        for message in report["messages"]
        if not any(pattern.search(message.get("message", "")) for pattern, _why in IGNORED)
    ]

"""The message catalogue is complete and compiled from its sources."""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO


def test_every_message_has_english_and_the_compiled_catalogues_are_current() -> None:
    result = subprocess.run([sys.executable, "-m", "kaizhou_targets.i18n.build", "--check"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

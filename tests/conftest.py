"""Shared pytest set-up.  Qt runs offscreen so the suite works without a display."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

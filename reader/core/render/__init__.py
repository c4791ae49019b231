"""Rendering an article for reading: Markdown and HTML to sanitized HTML, Hexo
tags, the image policy and the offline image cache.  Builds on ``article``;
never imports ``library`` (callers pass what it needs).

No Qt here."""

"""SVG images whose drawing would never end (nested ``<use>``, loops) are
not handed to Qt; ordinary ones are."""

from __future__ import annotations

import gzip
from pathlib import Path

from reader.core.article.codec import parse_article
from reader.core.render.pipeline import render_article
from reader.core.render.svgcheck import MAX_SVG_BYTES, svg_refusal

_SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def _laughs(levels: int, fan: int = 10, href: str = "xlink:href") -> str:
    groups = ['<g id="l0"><rect width="1" height="1"/></g>']
    for level in range(1, levels + 1):
        uses = f'<use {href}="#l{level - 1}"/>' * fan
        groups.append(f'<g id="l{level}">{uses}</g>')
    defs = "".join(groups)
    return f'{_SVG} width="10" height="10"><defs>{defs}</defs><use {href}="#l{levels}"/></svg>'


def test_ordinary_svgs_and_other_images_are_allowed(tmp_path: Path) -> None:
    plain = tmp_path / "logo.svg"
    plain.write_text(f'{_SVG} width="100000" height="10"><circle r="4"/></svg>')
    reused = tmp_path / "icons.svg"
    reused.write_text(_laughs(3))  # 1,000 shapes: fine
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (MAX_SVG_BYTES + 10))
    broken = tmp_path / "broken.svg"
    broken.write_text(f"{_SVG}><rect width='1'")
    for path in (plain, reused, photo, broken, tmp_path / "gone.svg"):
        assert svg_refusal(path) is None, path


def test_billion_laughs_loops_and_huge_svgs_are_refused(tmp_path: Path) -> None:
    cases = {
        "laughs.svg": _laughs(10).encode(),
        "laughs2.svg": _laughs(6, href="href").encode(),  # SVG 2's plain href
        "named.png": _laughs(10).encode(),  # Qt reads an SVG by its content too
        "laughs.svgz": gzip.compress(_laughs(10).encode()),
        "loop.svg": f'{_SVG}><g id="a"><use xlink:href="#a"/></g></svg>'.encode(),
        "mutual.svg": (
            f'{_SVG}><g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>'
        ).encode(),
        "broken-uses.svg": (_laughs(10)[:-20]).encode(),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        assert svg_refusal(tmp_path / name) == "complex", name
    huge = tmp_path / "huge.svg"
    huge.write_bytes(f"{_SVG}>".encode() + b" " * MAX_SVG_BYTES + b"</svg>")
    assert svg_refusal(huge) == "large"


def test_the_reader_shows_a_note_instead_of_a_hostile_svg(tmp_path: Path) -> None:
    (tmp_path / "bomb.svg").write_text(_laughs(12))
    (tmp_path / "fine.svg").write_text(f'{_SVG}><circle r="4"/></svg>')
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: t\n---\n![bomb](bomb.svg) ![fine](fine.svg)\n")
    result = render_article(parse_article(path.read_bytes(), path), library_root=tmp_path)
    assert "Image too complex to show: bomb" in result.html
    assert "bomb.svg" not in result.html
    assert (tmp_path / "fine.svg").as_uri() in result.html
    zh = render_article(
        parse_article(path.read_bytes(), path), library_root=tmp_path, locale="zh_CN"
    )
    assert "图片过于复杂，未显示" in zh.html

"""Images Qt must not be handed: SVGs whose drawing would never end (nested
``<use>``, loops), photos too big to decode; ordinary ones are shown."""

from __future__ import annotations

import gzip
from pathlib import Path

from reader.core.article.codec import parse_article
from reader.core.render.imagecheck import MAX_SVG_BYTES, image_refusal
from reader.core.render.pipeline import render_article

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
        assert image_refusal(path) is None, path


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
        assert image_refusal(tmp_path / name) == "complex", name
    huge = tmp_path / "huge.svg"
    huge.write_bytes(f"{_SVG}>".encode() + b" " * MAX_SVG_BYTES + b"</svg>")
    assert image_refusal(huge) == "large"
    # Qt draws an SVG into an image of its stated size: 100,000² is a blank
    for size in (
        'width="100000" height="100000"',
        'viewBox="0 0 1e5 1e5"',
        'width="30in" height="1000in"',
    ):
        (tmp_path / "vast.svg").write_text(f"{_SVG} {size}><rect width='1' height='1'/></svg>")
        assert image_refusal(tmp_path / "vast.svg") == "large", size
    for size in ('width="100%" height="100%"', 'width="1920" height="1080"', 'viewBox="0 0 24 24"'):
        (tmp_path / "fine.svg").write_text(f"{_SVG} {size}><rect width='1' height='1'/></svg>")
        assert image_refusal(tmp_path / "fine.svg") is None, size


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


def _png(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    exif = b"\xff\xe1" + (2 + 5000).to_bytes(2, "big") + b"\0" * 5000  # metadata first
    sof = b"\xff\xc2\x00\x11\x08" + height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return b"\xff\xd8" + app0 + exif + sof + b"\x03" + b"\0" * 9 + b"\xff\xd9"


def test_raster_sizes_are_read_from_the_header_alone() -> None:
    from reader.core.render.imagecheck import raster_size

    assert raster_size(_png(640, 480)) == (640, 480)
    gif = b"GIF89a" + (300).to_bytes(2, "little") + (200).to_bytes(2, "little") + b"\0" * 10
    assert raster_size(gif) == (300, 200)
    bmp = (
        b"BM" + b"\0" * 16 + (800).to_bytes(4, "little") + (-600).to_bytes(4, "little", signed=True)
    )
    assert raster_size(bmp) == (800, 600)
    vp8x = (
        b"RIFF\0\0\0\0WEBPVP8X"
        + b"\0" * 8
        + (1919).to_bytes(3, "little")
        + (1079).to_bytes(3, "little")
    )
    assert raster_size(vp8x) == (1920, 1080)
    import io

    data = _jpeg(4032, 3024)
    assert raster_size(data[:4096], io.BytesIO(data[4096:])) == (4032, 3024)
    assert raster_size(b"\xff\xd8\xff\xda\x00\x08" + b"\0" * 20) is None  # no frame header
    assert raster_size(b"not an image at all") is None


def test_a_photo_too_big_to_decode_is_a_note_and_a_large_one_is_shown(tmp_path: Path) -> None:
    (tmp_path / "huge.png").write_bytes(_png(20000, 20000))  # 1.6 GB decoded
    (tmp_path / "huge.jpg").write_bytes(_jpeg(30000, 30000))
    (tmp_path / "phone.jpg").write_bytes(_jpeg(8000, 6000))  # a 48-megapixel phone photo
    (tmp_path / "wide.png").write_bytes(_png(4000, 3000))
    assert image_refusal(tmp_path / "huge.png") == "large"
    assert image_refusal(tmp_path / "huge.jpg") == "large"
    assert image_refusal(tmp_path / "phone.jpg") is None
    assert image_refusal(tmp_path / "wide.png") is None
    path = tmp_path / "post.md"
    path.write_text("---\ntitle: t\n---\n![map](huge.png) ![me](phone.jpg)\n")
    result = render_article(parse_article(path.read_bytes(), path), library_root=tmp_path)
    assert "Image too large to show: map" in result.html
    assert (tmp_path / "phone.jpg").as_uri() in result.html


def _outside_svgs(secret: Path) -> dict[str, str]:
    """SVGs that would make Qt load ``secret`` (or another file), each way."""
    uri = secret.as_uri()
    return {
        "image.svg": f'{_SVG}><image xlink:href="{secret}" width="9" height="9"/></svg>',
        "href2.svg": f'{_SVG}><image href="{uri}" width="9" height="9"/></svg>',
        "relative.svg": f'{_SVG}><image href="../private/secret.png"/></svg>',
        "use.svg": f'{_SVG}><use href="other.svg#shape"/></svg>',
        "fill.svg": f"{_SVG}><rect style=\"fill: url('{uri}')\" width='9'/></svg>",
        "attr.svg": f'{_SVG}><rect fill="url({secret})" width="9"/></svg>',
        "sheet.svg": f"{_SVG}><style>@import '{uri}';</style></svg>",
        "css.svg": f'{_SVG}><style>rect {{ fill: url( "{uri}" ) }}</style></svg>',
        "pi.svg": f'<?xml-stylesheet href="{uri}"?>{_SVG}><rect width="1"/></svg>',
        "nested.svg": f'{_SVG}><image href="data:image/svg+xml;base64,AAAA"/></svg>',
        "entity.svg": (f'<!DOCTYPE svg [<!ENTITY e SYSTEM "{uri}">]>{_SVG}><text>&e;</text></svg>'),
        "broken.svg": f'{_SVG}><image href="{secret}"',
    }


def test_an_svg_that_loads_other_files_is_refused(tmp_path: Path) -> None:
    """Qt's SVG reader would follow any of these to files anywhere (the
    library's boundary is checked for the article's <img> alone), and one
    naming a FIFO hangs it: refused, whatever the spelling."""
    secret = tmp_path / "private" / "secret.png"
    for name, text in _outside_svgs(secret).items():
        (tmp_path / name).write_text(text)
        assert image_refusal(tmp_path / name) == "linked", name
    inside = tmp_path / "inside.svg"
    inside.write_text(
        f'{_SVG}><defs><linearGradient id="g"/><rect id="r" width="1"/></defs>'
        '<rect fill="url(#g)" style="stroke: url( #g )" width="9"/><use xlink:href="#r"/>'
        '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/></svg>'
    )
    assert image_refusal(inside) is None


def test_an_svg_is_checked_whatever_comes_before_its_svg_tag(tmp_path: Path) -> None:
    """A comment holding "<html" (or 4 KB of anything) before the <svg> tag
    made the file "not an SVG" to the check, and Qt, going by the name, drew
    it as one: what it linked to outside the library, or its <use> bomb."""
    secret = tmp_path / "private" / "secret.png"
    linked = f'{_SVG}><image width="5" height="5" xlink:href="{secret}"/></svg>'
    prefixes = ["<!-- <html> -->\n", "<!--" + "x" * 5000 + "-->\n", "<html>\n"]
    for number, prefix in enumerate(prefixes):
        for name in (f"p{number}.svg", f"p{number}.png", f"p{number}.dat"):
            (tmp_path / name).write_text(prefix + linked)
            assert image_refusal(tmp_path / name) == "linked", (prefix[:20], name)
        (tmp_path / f"bomb{number}.svg").write_text(prefix + _laughs(10))
        assert image_refusal(tmp_path / f"bomb{number}.svg") == "complex", prefix[:20]
    # named .svg, whatever its first bytes say
    (tmp_path / "png-head.svg").write_bytes(b"\x89PNG\r\n\x1a\n" + linked.encode())
    assert image_refusal(tmp_path / "png-head.svg") == "linked"
    # a page that is not an image at all is left to Qt, which draws nothing
    (tmp_path / "page.html").write_text("<html><body>no picture here</body></html>")
    assert image_refusal(tmp_path / "page.html") is None


def test_the_reader_and_a_pdf_never_show_what_an_svg_points_at(tmp_path: Path) -> None:
    """An SVG in the library pointing at a picture outside it: a note in the
    reader, and the picture is not in a PDF export (which hung on a FIFO)."""
    import os
    import shutil
    import subprocess
    import sys

    library = tmp_path / "lib"
    (tmp_path / "private").mkdir()
    library.mkdir()
    (tmp_path / "private" / "secret.png").write_bytes(_solid_png(37, 23))
    os.mkfifo(library / "pipe.png")
    (library / "pic.svg").write_text(
        f'{_SVG} width="370" height="230"><image xlink:href="{tmp_path / "private/secret.png"}"'
        ' width="370" height="230"/></svg>'
    )
    (library / "pipe.svg").write_text(
        f'{_SVG} width="10" height="10"><image href="{library / "pipe.png"}"/></svg>'
    )
    post = library / "a.md"
    post.write_text("---\ntitle: a\ndate: 2021-01-01\n---\n![p](pic.svg) ![q](pipe.svg)\n")
    result = render_article(parse_article(post.read_bytes(), post), library_root=library)
    assert "Image that loads other files not shown: p" in result.html
    assert "Image that loads other files not shown: q" in result.html
    assert "pic.svg" not in result.html and "secret" not in result.html
    if shutil.which("pdfimages") is None:
        return
    out = tmp_path / "out.pdf"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "reader", "export", str(library), "--pdf", str(out)]
    run = subprocess.run(
        [*command, "--cache-dir", str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    listing = subprocess.run(
        ["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True
    )
    assert len(listing.stdout.splitlines()) == 2, listing.stdout  # its header: no image


def _solid_png(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _gif(width: int, height: int) -> bytes:
    """A GIF whose header claims ``width`` × ``height``: a few dozen bytes."""
    screen = width.to_bytes(2, "little") + height.to_bytes(2, "little") + b"\0\0\0"
    image = b"," + b"\0" * 4 + screen[:4] + b"\0" + b"\x02\x02D\x01\x00"
    return b"GIF89a" + screen + image + b";"


def test_a_data_url_picture_is_checked_by_its_bytes(tmp_path: Path) -> None:
    # only the files' headers were read: a data: GIF, JPEG or WebP of
    # 60,000² pixels went to Qt, and into an exported book, whole; and Qt
    # draws what the bytes are, whatever the label: an SVG as image/png
    import base64

    from reader.core.convert.export import sniff_image
    from reader.core.render.imagecheck import data_picture

    def url(data: bytes, kind: str = "png") -> str:
        return f"data:image/{kind};base64,{base64.b64encode(data).decode()}"

    vp8x = b"RIFF\0\0\0\0WEBPVP8X" + b"\0" * 8 + (59999).to_bytes(3, "little") * 2
    for bomb in (_gif(60000, 60000), _jpeg(60000, 60000), _png(30000, 30000), vp8x):
        assert data_picture(url(bomb))[0] == "large", bomb[:12]
        assert data_picture(url(bomb).replace("+", "%2B"))[0] == "large"
        assert sniff_image(bomb, "image/gif") is None
    for shown in (_gif(640, 480), _jpeg(8000, 6000), _png(4000, 3000)):
        assert data_picture(url(shown)) == (None, shown_pixels := _pixels(shown)), shown_pixels
    svg = f'{_SVG}><rect width="9" height="9"/></svg>'.encode()
    for other in (svg, b"not a picture at all", b""):
        assert data_picture(url(other))[0] == "removed"
    assert data_picture("data:image/png,%89PNG%0D%0A%1A%0A")[0] is None  # (not base64)
    path = tmp_path / "post.md"
    bomb, small = url(_gif(60000, 60000), "gif"), url(_gif(64, 64), "gif")
    path.write_text(f"---\ntitle: t\n---\n![bomb]({bomb}) ![dot]({small}) ![drawing]({url(svg)})\n")
    result = render_article(parse_article(path.read_bytes(), path), library_root=tmp_path)
    assert "Image too large to show: bomb" in result.html and bomb not in result.html
    assert "Image removed: drawing" in result.html
    assert small in result.html


def _pixels(data: bytes) -> int:
    from reader.core.render.imagecheck import raster_size

    width, height = raster_size(data) or (0, 0)
    return width * height


def test_data_pictures_together_are_held_to_a_budget_photos_fit_in(tmp_path: Path) -> None:
    # each just under the limit: sixteen WebP pictures of 2.5 KB each took
    # 4 GB once drawn, in the window and in a PDF export; and seven phone
    # photos of 12 megapixels (a saved page) are all shown
    import base64

    from reader.core.render.imagecheck import MAX_IMAGE_PIXELS
    from reader.core.render.images import DATA_PIXELS

    side = int(MAX_IMAGE_PIXELS**0.5) - 1
    big = base64.b64encode(_gif(side, side)).decode()
    count = DATA_PIXELS // (side * side)
    body = " ".join(f"![p{n}](data:image/gif;base64,{big})" for n in range(count + 2))
    photo = base64.b64encode(_jpeg(4000, 3000)).decode()
    photos = " ".join(f"![photo{n}](data:image/jpeg;base64,{photo})" for n in range(7))
    for text, shown in ((body, count), (photos, 7)):
        path = tmp_path / "post.md"
        path.write_text(f"---\ntitle: t\n---\n{text}\n")
        result = render_article(parse_article(path.read_bytes(), path), library_root=tmp_path)
        assert result.html.count("data:image/") == shown
        assert result.html.count("Image too large to show") == text.count("![") - shown


def test_an_svg_inside_an_svg_is_checked_as_the_svg_itself(tmp_path: Path) -> None:
    # an SVG labelled image/png inside a local SVG was drawn, with the file
    # outside the library it points at (into a PDF export too)
    import base64

    secret = tmp_path / "private" / "secret.png"
    inner = f'{_SVG}><image xlink:href="{secret}" width="9" height="9"/></svg>'
    wrapped = base64.b64encode(inner.encode()).decode()
    (tmp_path / "wrapped.svg").write_text(
        f'{_SVG}><image xlink:href="data:image/png;base64,{wrapped}" width="9"/></svg>'
    )
    assert image_refusal(tmp_path / "wrapped.svg") == "linked"
    # a CSS escape spells url( without its letters
    (tmp_path / "escaped.svg").write_text(
        f"{_SVG}><style>rect{{fill:\\75rl(http://example.com/x.png)}}</style>"
        '<rect width="9" height="9"/></svg>'
    )
    (tmp_path / "escaped2.svg").write_text(
        f'{_SVG}><rect style="fill:\\75rl(http://example.com/x.png)" width="9"/></svg>'
    )
    assert image_refusal(tmp_path / "escaped.svg") == "linked"
    assert image_refusal(tmp_path / "escaped2.svg") == "linked"


def test_an_svg_whose_style_holds_a_harmless_escape_is_shown(tmp_path: Path) -> None:
    # any backslash in its style was taken for a link out
    (tmp_path / "font.svg").write_text(
        f'{_SVG}><style>text{{font-family:"Noto\\20 Sans"}}</style>'
        "<text style=\"font-family:'A\\\\B'\">C:\\\\temp</text></svg>"
    )
    (tmp_path / "import.svg").write_text(f"{_SVG}><style>\\40import 'x.css';</style></svg>")
    assert image_refusal(tmp_path / "font.svg") is None
    assert image_refusal(tmp_path / "import.svg") == "linked"


def test_a_data_url_with_blanks_in_its_header_is_read_as_base64() -> None:
    # (review) "; base64," was read as percent-escaped text: the picture was refused
    import base64

    from reader.core.render.imagecheck import data_image, data_url_bytes

    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452")
    url = "data:image/png; base64," + base64.b64encode(png).decode()
    assert data_url_bytes(url) == png
    assert data_image("data:image/png;name=a+b.png ; base64," + base64.b64encode(png).decode()) == (
        "image/png",
        png,
    )

"""EPUB and HTML export: epubcheck, the table of contents read back, images
only local or cached, nothing fetched."""

from __future__ import annotations

import base64
import errno
import os
import re
import shutil
import socket
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from reader.core.convert.export import (
    STAGING_PREFIX,
    ExportCancelled,
    ExportError,
    detect_language,
    export_epub,
    export_html_folder,
    prepare_chapters,
)
from tests.core.libhelpers import write

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def lib(open_library, root):
    write(
        root,
        "zh/a.md",
        "---\ntitle: 上交会开幕\ndate: 2021-04-16\nauthor: 张三\ncategories: [金融, 证券时报网]\n"
        "---\n<p>保护知识产权，促进技术转移。</p><p><img src='pic.png' alt='图'></p>"
        "<p>远程<img src='https://example.com/x.png'></p><div><p>a<div>b</div></div>\n",
    )
    write(root, "zh/pic.png", PNG)
    write(
        root,
        "en/b.md",
        "---\ntitle: Markets & more\ndate: 2021-03-01\ncategories: [Finance]\n---\n"
        "# Heading\n\nSome *text* with a [link](other.md) and [web](https://example.org)"
        " and a footnote[^1].\n\n[^1]: The note.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    )
    write(root, "c.md", "---\ntitle: 无日期\n---\n<p>没有日期的文章，中文内容。</p>\n")
    return open_library()


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the export tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def all_paths(lib):
    return [s.path for s in lib.query()]


def epubcheck(path):
    """Run epubcheck (Debian installs it as a jar at /usr/bin/epubcheck)."""
    found = shutil.which("epubcheck")
    if found is None or shutil.which("java") is None:  # pragma: no cover - CI installs both
        pytest.skip("epubcheck is not installed")
    result = subprocess.run(
        ["java", "-jar", found, str(path)], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout, result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("toc", ["date", "category"])
def test_epub_passes_epubcheck_and_its_toc_reads_back(lib, tmp_path, no_network, toc):
    out = tmp_path / "book.epub"
    done = []
    result = export_epub(
        lib, all_paths(lib), out, toc=toc, title="选集", progress=lambda *a: done.append(a)
    )
    assert result.articles == 3 and result.images == 1 and len(done) == 3
    epubcheck(out)
    with zipfile.ZipFile(out) as book:
        assert book.namelist()[0] == "mimetype"
        opf = ElementTree.fromstring(book.read("OEBPS/content.opf"))
        nav = ElementTree.fromstring(book.read("OEBPS/nav.xhtml"))
        dc = "{http://purl.org/dc/elements/1.1/}"
        assert opf.find(f".//{dc}language").text == "zh"
        assert opf.find(f".//{dc}title").text == "选集"
        assert opf.find(f".//{dc}creator").text == "张三"
        assert opf.find(f".//{dc}identifier").text.startswith("urn:uuid:")
        groups = [
            (li.find(f"{XHTML}span").text, [a.text for a in li.iter(f"{XHTML}a")])
            for li in nav.find(f".//{XHTML}ol").findall(f"{XHTML}li")
        ]
        if toc == "date":
            assert groups == [
                ("2021-04", ["上交会开幕"]),
                ("2021-03", ["Markets & more"]),
                ("未注明日期", ["无日期"]),
            ]
        else:
            assert groups == [
                ("Finance", ["Markets & more"]),
                ("金融 / 证券时报网", ["上交会开幕"]),
                ("未分类", ["无日期"]),
            ]
        pages = {name: book.read(name).decode() for name in book.namelist() if "text/" in name}
        zh = next(page for page in pages.values() if "上交会开幕" in page)
        assert 'lang="zh"' in zh and "张三" in zh and "证券时报网" in zh and "2021" in zh
        assert "保护知识产权" in zh
        assert "example.com" in zh  # the note naming the blocked host; no image from it
        assert not re.search(r"<img[^>]+example\.com", zh)
        image = re.search(r'<img[^>]+src="\.\./images/([0-9a-f]+\.png)"', zh)
        assert image and book.read(f"OEBPS/images/{image.group(1)}") == PNG
        en = next(page for page in pages.values() if "Markets" in page)
        assert 'lang="en"' in en and 'href="https://example.org"' in en
        assert "other.md" not in en


def test_offline_cached_images_are_used(lib, root, tmp_path, no_network):
    from reader.core.render.imagecache import cached_image_path

    cache = tmp_path / "images-cache"
    target = cached_image_path("https://example.com/x.png", cache, "image/png")
    target.parent.mkdir(parents=True)
    target.write_bytes(PNG)
    out = tmp_path / "site"
    result = export_html_folder(lib, ["zh/a.md"], out, image_cache=cache)
    assert result.images == 1
    page = (out / "articles" / "a00001.html").read_text()
    assert page.count('src="../images/') == 2


def test_html_folder_is_offline_and_complete(lib, tmp_path, no_network):
    out = tmp_path / "site"
    result = export_html_folder(lib, all_paths(lib), out, toc="category")
    assert result.articles == 3
    index = (out / "index.html").read_text()
    links = re.findall(r'href="(articles/[^"]+)"', index)
    assert len(links) == 3 and all((out / link).is_file() for link in links)
    for link in links:
        page = (out / link).read_text()
        for src in re.findall(r'src="([^"]+)"', page):
            assert not src.startswith(("http", "//", "file:")) and (out / "articles" / src).exists()
        ElementTree.fromstring(page.split("<!DOCTYPE html>\n", 1)[1])  # well-formed


def test_existing_output_is_refused_unless_forced(lib, tmp_path):
    out = tmp_path / "book.epub"
    out.write_bytes(b"mine")
    with pytest.raises(ExportError, match="already exists"):
        export_epub(lib, all_paths(lib), out)
    assert out.read_bytes() == b"mine"
    export_epub(lib, all_paths(lib), out, force=True)
    assert zipfile.is_zipfile(out)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep")
    with pytest.raises(ExportError, match="no export made"):
        export_html_folder(lib, all_paths(lib), folder, force=True)
    assert (folder / "notes.txt").read_text() == "keep"
    site = tmp_path / "site"
    export_html_folder(lib, all_paths(lib), site)
    export_html_folder(lib, ["c.md"], site, force=True)
    assert len(list((site / "articles").iterdir())) == 1


def test_cancel_writes_nothing(lib, tmp_path):
    out = tmp_path / "book.epub"
    with pytest.raises(ExportCancelled):
        export_epub(lib, all_paths(lib), out, cancel=lambda: True)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(STAGING_PREFIX)]


def test_staging_left_by_a_killed_export_is_swept(lib, tmp_path):
    import os
    import time

    stale = tmp_path / f"{STAGING_PREFIX}killed"
    fresh = tmp_path / f"{STAGING_PREFIX}running"
    mine = tmp_path / ".export-not-ours"
    for folder in (stale, fresh, mine):
        folder.mkdir()
        (folder / "part").write_text("x")
    old = time.time() - 7 * 3600
    os.utime(stale, (old, old))
    os.utime(mine, (old, old))
    export_epub(lib, all_paths(lib), tmp_path / "book.epub")
    assert not stale.exists() and fresh.exists() and mine.exists()


def test_language_detection():
    assert detect_language("保护知识产权 and some English") == "zh"
    assert detect_language("Plain English text") == "en"
    assert detect_language("ひらがなとカタカナ") == "ja"
    assert detect_language("anything", "zh_TW") == "zh-TW"
    # a declared value that is not shaped as a language tag is not trusted
    assert detect_language("Plain English text", 'en" onload="x') == "en"
    assert detect_language("保护知识产权", "  ") == "zh"
    assert detect_language("مرحبا بالعالم، هذا نص عربي with a little English") == "ar"
    assert detect_language("שלום עולם, זה טקסט בעברית") == "he"
    assert detect_language("ދިވެހި ބަސް ލިޔުން") == "dv"  # Thaana
    assert detect_language("ܫܠܡܐ ܥܠܡܐ ܠܫܢܐ") == "syr"  # Syriac
    # an ill-formed tag is not trusted (epubcheck 5 refuses it as a book's language)
    for odd in ("en-a", "en-x", "abcd", "-".join(["en", *["abcdefgh"] * 200])):
        assert detect_language("Plain English text", odd) == "en", odd
    assert detect_language("anything", "sr-Latn-RS") == "sr-Latn-RS"


def test_the_direction_of_a_language_tag():
    from reader.core.convert.export import text_direction

    for tag in ("ar", "he-IL", "fa", "ur_PK", "prs", "ckb", "az-Arab", "pa-Arab", "ji", "syr"):
        assert text_direction(tag) == "rtl", tag
    for tag in ("en", "zh-Hant-TW", "ar-Latn", "az", "tr", "x-klingon", ""):
        assert text_direction(tag) == "ltr", tag


def test_a_book_turns_its_pages_the_way_most_of_its_chapters_read(open_library, root, tmp_path):
    # by its most common tag it went: 2 ar + 2 he-IL + 3 en turned left to
    # right, and a tie (he and he-IL counted apart) right to left by order
    for n in range(2):
        write(root, f"ar{n}.md", f"---\ntitle: ع{n}\nlang: ar\n---\n<p>مرحبا بالعالم</p>\n")
        write(root, f"he{n}.md", f"---\ntitle: ש{n}\nlang: he-IL\n---\n<p>שלום עולם</p>\n")
    for n in range(3):
        write(root, f"en{n}.md", f"---\ntitle: E{n}\n---\n<p>Hello, world.</p>\n")
    lib = open_library()

    def spine(paths):
        out = tmp_path / f"{len(paths)}-{paths[0]}.epub"
        export_epub(lib, paths, out)
        with zipfile.ZipFile(out) as book:
            opf = book.read("OEBPS/content.opf").decode()
        return 'page-progression-direction="rtl"' in opf, re.search(r"<dc:language>(.*?)<", opf)[1]

    every = [f"{k}{n}.md" for k in ("ar", "he") for n in range(2)] + [f"en{n}.md" for n in range(3)]
    assert spine(every) == (True, "en")  # (4 of 7 chapters right to left; its language English)
    assert spine(["ar0.md", "en0.md"])[0] is False  # (a tie: left to right)
    assert spine(["he0.md", "he1.md", "en0.md"]) == (True, "he-IL")


@pytest.mark.slow
def test_a_book_in_arabic_or_hebrew_reads_right_to_left(open_library, root, tmp_path, no_network):
    # its pages were laid out left to right: text, lists and the page order on the wrong side
    write(
        root,
        "ar.md",
        "---\ntitle: الأخبار\ndate: 2021-01-02\n---\n<p>مرحبا بالعالم، هذا نص عربي.</p>\n",
    )
    write(
        root, "he.md", "---\ntitle: חדשות\ndate: 2021-01-01\nlang: he-IL\n---\n<p>שלום עולם</p>\n"
    )
    write(root, "en.md", "---\ntitle: News\ndate: 2021-01-03\n---\n<p>Hello, world.</p>\n")
    lib = open_library()
    out = tmp_path / "rtl.epub"
    export_epub(lib, ["ar.md", "he.md"], out)
    epubcheck(out)
    with zipfile.ZipFile(out) as book:
        pages = {n: book.read(n).decode() for n in book.namelist() if n.startswith("OEBPS/text/")}
        opf = book.read("OEBPS/content.opf").decode()
    assert 'page-progression-direction="rtl"' in opf
    heads = sorted(re.search(r"<html [^>]*>", page).group(0) for page in pages.values())
    assert len(heads) == 2 and all('dir="rtl"' in head for head in heads), heads
    assert any('lang="ar"' in head for head in heads) and any(
        'lang="he-IL"' in head for head in heads
    )
    folder = tmp_path / "site"
    export_html_folder(lib, ["ar.md", "en.md"], folder)
    pages = [p.read_text("utf-8") for p in folder.rglob("a*.html")]
    for page in pages:
        head = re.search(r"<html [^>]*>", page).group(0)
        assert ('dir="rtl"' in head) == ("مرحبا" in page), head  # the English one left to right
    assert len(pages) == 2


@pytest.mark.slow
def test_hostile_markup_still_gives_a_valid_epub(open_library, root, tmp_path, no_network):
    write(
        root,
        "bad.md",
        "---\ntitle: '<b>bad</b> & \"quotes\"'\ndate: 2021-01-01\n---\n"
        '<p id="x">one<p id="x">two <a href="https://example.org/a b?q=1 2">sp</a>'
        '<a href="#nowhere">n</a> <span lang="!!" dir="sideways">s</span></p>'
        '<ol start="abc" reversed="yes"><li>a<li>b</ol>'
        '<table><tr><td colspan="0">c<td rowspan="x">d</table>'
        "<div><p>un<b>closed <i>tags <div>block in p</div> <time datetime='soon'>t</time>"
        "<font color=red>f</font><center>c</center><marquee>m</marquee>"
        "<img src='data:image/png;base64,!!!notbase64'><img src='/etc/passwd'>"
        "<img src='javascript:alert(1)'><svg><script>alert(1)</script></svg>\n",
    )
    lib = open_library()
    out = tmp_path / "bad.epub"
    result = export_epub(lib, ["bad.md"], out)
    assert result.articles == 1
    epubcheck(out)


# -- review of #12: hostile metadata and images ------------------------------------------


@pytest.mark.slow
def test_control_characters_in_metadata_and_body_leave_a_valid_book(open_library, root, tmp_path):
    # YAML "\u0000" gives a NUL in the author; XML allows it nowhere
    write(
        root,
        "a.md",
        '---\ntitle: "T\\u0001itle"\nauthor: "a\\u0000b"\ndate: 2021-06-01\n---\n'
        "<p>body \x0b with \x01 controls</p>\n",
    )
    lib = open_library()
    out = tmp_path / "book.epub"
    export_epub(lib, all_paths(lib), out)
    epubcheck(out)
    with zipfile.ZipFile(out) as book:
        opf = ElementTree.fromstring(book.read("OEBPS/content.opf"))
        assert opf.find(".//{http://purl.org/dc/elements/1.1/}creator").text == "ab"


@pytest.mark.slow
def test_damaged_mislabelled_and_scripted_images_are_left_out(open_library, root, tmp_path):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    write(root, "fake.png", b"not a png at all")
    write(root, "secret.png", b"-----BEGIN OPENSSH PRIVATE KEY-----\n")
    write(
        root,
        "a.md",
        "---\ntitle: Images\ndate: 2021-06-01\n---\n"
        '<p><img src="data:image/png;base64,AAAA" alt="zeros"></p>'
        f'<p><img src="data:image/png;base64,{base64.b64encode(PNG[:20]).decode()}" alt="cut"></p>'
        f'<p><img src="data:image/svg+xml;base64,{base64.b64encode(svg).decode()}" alt="s"></p>'
        '<p><img src="fake.png" alt="fake"><img src="secret.png" alt="key"></p>'
        f'<p><img src="data:image/jpeg;base64,{base64.b64encode(PNG).decode()}" alt="ok"></p>\n',
    )
    lib = open_library()
    out = tmp_path / "book.epub"
    result = export_epub(lib, all_paths(lib), out)
    epubcheck(out)
    assert result.images == 1  # only the real PNG (labelled as a JPEG: stored as what it is)
    with zipfile.ZipFile(out) as book:
        images = [n for n in book.namelist() if n.startswith("OEBPS/images/")]
        assert len(images) == 1 and images[0].endswith(".png")
        assert book.read(images[0]) == PNG
        assert not any(b"OPENSSH" in book.read(n) for n in book.namelist())


def test_an_inlined_image_with_parameters_is_exported(open_library, root, tmp_path):
    # only data:image/x;base64, was read: a charset or a name left it out
    encoded = base64.b64encode(PNG).decode()
    write(
        root,
        "a.md",
        "---\ntitle: P\n---\n"
        f'<p><img src="data:image/png;charset=utf-8;base64,{encoded}" alt="one"></p>\n',
    )
    lib = open_library()
    result = export_html_folder(lib, all_paths(lib), tmp_path / "out")
    assert result.articles == 1 and result.images == 1
    [image] = [p for p in (tmp_path / "out").rglob("*.png")]
    assert image.read_bytes() == PNG


def test_an_image_that_is_a_fifo_does_not_hang_the_export(open_library, root, tmp_path):
    import os

    write(root, "a.md", "---\ntitle: F\n---\n![x](pipe.png)\n")
    os.mkfifo(root / "pipe.png")
    lib = open_library()
    result = export_html_folder(lib, all_paths(lib), tmp_path / "out")
    assert result.articles == 1 and result.images == 0


def test_an_export_never_replaces_an_article_or_fills_the_library(lib, root, tmp_path):
    # review of #12: `export --epub ARTICLE.md --force` wrote a zip over the article
    article = root / "c.md"
    before = article.read_bytes()
    with pytest.raises(ExportError, match="named like an article"):
        export_epub(lib, all_paths(lib), article, force=True)
    with pytest.raises(ExportError, match="inside the library"):
        export_html_folder(lib, all_paths(lib), root / "export")
    assert article.read_bytes() == before and not (root / "export").exists()
    export_epub(lib, all_paths(lib), root / "book.epub")  # a book beside them is fine
    assert (root / "book.epub").is_file()


@pytest.mark.slow
def test_a_library_folder_whose_name_is_not_utf8_exports(cache_dir, tmp_path):
    from reader.core.library.facade import Library

    folder = os.fsdecode(os.fsencode(tmp_path) + b"/blog\xff")
    write(Path(folder), "a.md", "---\ntitle: A\ndate: 2021-06-01\n---\n<p>body</p>\n")
    with Library.open(folder, cache_dir=cache_dir) as lib:
        lib.refresh()
        out = tmp_path / "book.epub"
        export_epub(lib, all_paths(lib), out)
        export_html_folder(lib, all_paths(lib), tmp_path / "site")
        again = tmp_path / "again.epub"
        export_epub(lib, all_paths(lib), again)
    epubcheck(out)
    with zipfile.ZipFile(out) as book, zipfile.ZipFile(again) as second:
        opf = ElementTree.fromstring(book.read("OEBPS/content.opf"))
        same = ElementTree.fromstring(second.read("OEBPS/content.opf"))
    name = ".//{http://purl.org/dc/elements/1.1/}identifier"
    assert opf.find(name).text.startswith("urn:uuid:")
    assert opf.find(name).text == same.find(name).text  # the same book, the same id


# -- review: what --force may replace, and the declared language ------------------------


def test_force_never_deletes_a_library_moved_into_an_earlier_export(open_library, root, tmp_path):
    # `export --html-dir OUT --force` renamed OUT aside and deleted it, with
    # the library that had been moved inside; through a symlink as well
    out = tmp_path / "site"
    write(root, "a.md", "---\ntitle: precious\n---\nonly copy\n")
    export_html_folder(open_library(), ["a.md"], out)
    moved = out / "notes"
    shutil.move(root, moved)
    (tmp_path / "link").symlink_to(out)
    for given in (moved, tmp_path / "link" / "notes"):
        lib = open_library(given)
        with pytest.raises(ExportError, match=r"holds the library"):
            export_html_folder(lib, ["a.md"], out, force=True)
    assert (moved / "a.md").read_text() == "---\ntitle: precious\n---\nonly copy\n"
    # the library folder itself, or a folder above it, is no book either
    for target in (moved, out):
        with pytest.raises(ExportError, match="is a folder; not replaced"):
            export_epub(lib, ["a.md"], target, force=True)
    assert (moved / "a.md").is_file() and (out / "index.html").is_file()


def test_force_never_deletes_a_cache_in_use_inside_an_earlier_export(lib, tmp_path, cache_dir):
    from reader.core.library.facade import Library

    out = tmp_path / "site"
    export_html_folder(lib, all_paths(lib), out)
    with Library.open(lib.root, cache_dir=out / "cache") as inside:  # the index in there
        inside.refresh()
        with pytest.raises(ExportError, match="cache folder in use"):
            export_html_folder(inside, all_paths(inside), out, force=True)
    assert (out / "cache").is_dir()
    shutil.rmtree(out / "cache")
    images = out / "offline-images"  # the offline image cache in there
    images.mkdir()
    with pytest.raises(ExportError, match="cache folder in use"):
        export_html_folder(lib, all_paths(lib), out, force=True, image_cache=images)
    assert images.is_dir()


def test_force_replaces_only_what_an_export_wrote(lib, tmp_path):
    out = tmp_path / "site"
    export_html_folder(lib, all_paths(lib), out)
    export_html_folder(lib, all_paths(lib), out, force=True)  # an export alone: replaced
    added = [out / "notes.txt", out / "articles" / "draft.md", out / "images" / "mine.jpg"]
    for path in added:
        path.parent.mkdir(exist_ok=True)
        path.write_text("mine")
    (out / "articles" / "a99999.html").symlink_to(tmp_path / "elsewhere.html")
    with pytest.raises(ExportError, match=r"no export made \(articles/a99999.html, articles/dr"):
        export_html_folder(lib, all_paths(lib), out, force=True)
    assert all(path.read_text() == "mine" for path in added)


@pytest.mark.parametrize("name", ["h" * 255, "知" * 85])
def test_force_replaces_an_export_of_the_longest_name(lib, tmp_path, name):
    # (review) the earlier export was put aside as ".NAME.old-XXXXXXXX",
    # too long a name from 242 bytes on: "File name too long"
    out = tmp_path / name
    export_html_folder(lib, all_paths(lib), out)
    (out / "index.html").write_text("the earlier one")
    export_html_folder(lib, all_paths(lib), out, force=True)
    assert (out / "index.html").read_text(encoding="utf-8") != "the earlier one"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_force_never_replaces_a_device_or_a_fifo(lib, tmp_path):
    import stat

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    specials = [fifo]
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        specials.append(device)
    except PermissionError:  # pragma: no cover - only root makes devices
        pass
    for path in specials:
        kind = stat.S_IFMT(path.lstat().st_mode)
        for force in (False, True):
            with pytest.raises(ExportError, match="is not a regular file; not replaced"):
                export_epub(lib, all_paths(lib), path, force=force)
        assert stat.S_IFMT(path.lstat().st_mode) == kind
    # a symlink to a file is replaced itself (as before), never what it points to
    theirs = tmp_path / "theirs.epub"
    theirs.write_bytes(b"theirs")
    for target in (theirs, tmp_path / "nothing.epub"):
        link = tmp_path / "book.epub"
        link.unlink(missing_ok=True)
        link.symlink_to(target)
        export_epub(lib, all_paths(lib), link, force=True)
        assert not link.is_symlink() and zipfile.is_zipfile(link)
    assert theirs.read_bytes() == b"theirs"
    # one to a FIFO or a device (/dev/stdout: the process's own output) is
    # not: a regular file in its place broke what wrote or read through it
    for target in specials:
        link = tmp_path / "to-special.epub"
        link.unlink(missing_ok=True)
        link.symlink_to(target)
        with pytest.raises(ExportError, match="is a link to a device, a pipe"):
            export_epub(lib, all_paths(lib), link, force=True)
        assert link.is_symlink()
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_force_never_replaces_a_link_in_or_into_the_system_folders(lib, tmp_path):
    # `export --epub /dev/stdout --force > book.epub`: /dev/stdout leads to a
    # regular file then, and was replaced by one (run as root)
    link = tmp_path / "stdout.epub"
    link.symlink_to("/proc/self/fd/1")
    with pytest.raises(ExportError, match="is a link to a device, a pipe"):
        export_epub(lib, all_paths(lib), link, force=True)
    assert link.is_symlink()


def test_what_appears_at_the_output_during_the_export_is_checked_again(lib, tmp_path):
    # the checks are made again right before the result is put in place
    book = tmp_path / "book.epub"
    book.write_bytes(b"old")

    def to_fifo(done, total, item):
        if book.is_file():
            book.unlink()
            os.mkfifo(book)

    with pytest.raises(ExportError, match="not a regular file"):
        export_epub(lib, all_paths(lib), book, force=True, progress=to_fifo)
    assert book.is_fifo()
    fresh = tmp_path / "fresh.epub"
    with pytest.raises(ExportError, match="already exists"):
        export_epub(lib, all_paths(lib), fresh, progress=lambda *a: fresh.write_bytes(b"mine"))
    assert fresh.read_bytes() == b"mine"
    site = tmp_path / "site"
    export_html_folder(lib, all_paths(lib), site)
    with pytest.raises(ExportError, match=r"no export made \(notes.txt\)"):
        export_html_folder(
            lib,
            all_paths(lib),
            site,
            force=True,
            progress=lambda *a: (site / "notes.txt").write_text("mine"),
        )
    assert (site / "notes.txt").read_text() == "mine" and (site / "index.html").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith((".site.old-", STAGING_PREFIX))]


def test_a_folder_set_aside_is_checked_again_and_put_back(lib, tmp_path, monkeypatch):
    # the last check is of the folder renamed aside, just before it is deleted
    import reader.core.convert.export as export

    site = tmp_path / "site"
    export_html_folder(lib, all_paths(lib), site)

    def late(*args):  # past the earlier checks, a file of the user's arrives
        monkeypatch.setattr(export, "check_output", lambda *a, **k: None)
        (site / "notes.txt").write_text("mine")

    with pytest.raises(ExportError, match=r"no export made \(notes.txt\)"):
        export_html_folder(lib, all_paths(lib), site, force=True, progress=late)
    assert (site / "notes.txt").read_text() == "mine" and (site / "index.html").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.old-")]


def test_a_file_written_after_the_last_check_is_not_replaced_without_force(
    lib, tmp_path, monkeypatch
):
    # the file arrives between install_output's own check and the move
    import reader.core.convert.export as export

    book = tmp_path / "book.epub"
    checked = export.check_output

    calls = []

    def then_theirs(*args, **kwargs):
        checked(*args, **kwargs)
        calls.append(args)
        if len(calls) == 2:  # the check before the move, passed
            book.write_bytes(b"theirs")

    monkeypatch.setattr(export, "check_output", then_theirs)
    with pytest.raises(ExportError, match="already exists"):
        export_epub(lib, all_paths(lib), book)
    assert len(calls) == 2 and book.read_bytes() == b"theirs"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(STAGING_PREFIX)]
    export_epub(lib, all_paths(lib), book, force=True)  # --force replaces it
    assert book.read_bytes().startswith(b"PK")


def test_the_current_folder_can_be_the_output(lib, tmp_path, monkeypatch):
    # `--html-dir .`: `.` has no name to set a folder aside by (a ValueError)
    site = tmp_path / "site"
    export_html_folder(lib, all_paths(lib), site)
    monkeypatch.chdir(site)
    export_html_folder(lib, ["c.md"], ".", force=True)
    assert len(list((site / "articles").iterdir())) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(STAGING_PREFIX)]


def test_a_declared_language_the_reader_refuses_is_not_used(open_library, root, tmp_path):
    # `lang: 中文` was written as is: epubcheck RSC-005 (invalid xml:lang)
    write(root, "a.md", "---\ntitle: 中文\nlang: 中文\n---\n<p>保护知识产权，促进技术转移。</p>\n")
    write(root, "b.md", "---\ntitle: B\nlang: 中文\nlanguage: zh_TW\n---\n<p>text</p>\n")
    write(root, "c.md", "---\ntitle: C\nlang: 'en us'\n---\n<p>Plain English.</p>\n")
    lib = open_library()
    chapters, _ = prepare_chapters(lib, ["a.md", "b.md", "c.md"], None)
    assert [chapter.language for chapter in chapters] == ["zh", "zh-TW", "en"]


@pytest.mark.slow
def test_a_book_with_an_invalid_declared_language_passes_epubcheck(open_library, root, tmp_path):
    write(root, "a.md", "---\ntitle: 中文\nlang: 中文\n---\n<p>保护知识产权，促进技术转移。</p>\n")
    out = tmp_path / "book.epub"
    assert export_epub(open_library(), ["a.md"], out).language == "zh"
    epubcheck(out)


# -- adversarial review: what a parser leaves out of order --------------------------------


_OUT_OF_ORDER = [
    "<table><tr><td>a</td></tr><caption>late caption</caption></table>",
    "<table><caption>one</caption><caption>two</caption><tr><td>x</td></tr></table>",
    "<table><tr><td>a</td></tr><colgroup><col></colgroup></table>",
    "<table><tbody><tr><td>b</td></tr></tbody><thead><tr><td>late head</td></tr></thead></table>",
    "<table><thead><tr><td>1</td></tr></thead><thead><tr><td>2</td></tr></thead></table>",
    "<table><tfoot><tr><td>foot</td></tr></tfoot><tbody><tr><td>body</td></tr></tbody></table>",
    "<table><tfoot><tr><td>1</td></tr></tfoot><tfoot><tr><td>2</td></tr></tfoot></table>",
    "<dl><dd>a description without its term</dd></dl>",
    "<dl>loose text<dt>term</dt><dd>description</dd></dl>",
    "<p><dfn>outer <dfn>inner</dfn> term</dfn></p>",
]


@pytest.mark.slow
def test_tables_and_lists_out_of_order_give_a_valid_book(open_library, root, tmp_path):
    # the HTML parser keeps a late <caption>, a second <thead>, a <tfoot>
    # before the body, a <dd> with no <dt>: epubcheck refused the book (RSC-005)
    for number, markup in enumerate(_OUT_OF_ORDER):
        write(root, f"t{number}.md", f"---\ntitle: T{number}\n---\n\n{markup}\n")
    lib = open_library()
    out = tmp_path / "tables.epub"
    result = export_epub(lib, all_paths(lib), out)
    assert result.articles == len(_OUT_OF_ORDER)
    epubcheck(out)
    with zipfile.ZipFile(out) as book:
        text = "".join(
            book.read(name).decode() for name in book.namelist() if name.startswith("OEBPS/text/")
        )
    for words in ("late caption", "late head", "foot", "a description", "inner"):
        assert words in text  # nothing is lost on the way


_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">%s</svg>'


@pytest.mark.parametrize(
    "inside",
    [
        b'<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>',
        b'<x:foreignObject xmlns:x="http://www.w3.org/2000/svg"><p>x</p></x:foreignObject>',
        b'<rect width="1" height="1" y:onclick="alert(1)" xmlns:y="http://www.w3.org/2000/svg"/>',
        b'<a href="java&#115;cript:alert(1)"><text>x</text></a>',
        b'<a href="java&#9;script:alert(1)"><text>x</text></a>',
        b'<a><set attributeName="href" to="&#106;avascript:alert(1)"/></a>',
        b"<style><![CDATA[ rect { fill: red } ]]></style>",
        b'<image href="data:image/svg+xml;base64,PHN2Zy8+"/>',
    ],
)
def test_an_svg_with_a_script_under_any_spelling_is_not_an_image(inside):
    from reader.core.convert.export import sniff_image

    assert sniff_image(_SVG % b'<rect width="1" height="1"/>', "image/svg+xml") == "image/svg+xml"
    assert sniff_image(_SVG % inside, "image/svg+xml") is None
    entity = b'<!DOCTYPE svg [<!ENTITY e "x">]>' + _SVG % b"<text>&e;</text>"
    assert sniff_image(entity, "image/svg+xml") is None


def test_a_prefixed_svg_script_is_left_out_of_an_export(open_library, root, tmp_path):
    svg = _SVG % b'<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>'
    write(root, "s.svg", svg)
    write(root, "a.md", "---\ntitle: S\n---\n<p><img src='s.svg' alt='drawing'></p>\n")
    lib = open_library()
    result = export_html_folder(lib, all_paths(lib), tmp_path / "out")
    assert result.images == 0 and not (tmp_path / "out" / "images").exists()
    page = next((tmp_path / "out" / "articles").iterdir()).read_text(encoding="utf-8")
    assert "[drawing]" in page and "script" not in page


def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize(
    "kind, where",
    [
        ("epub", (zipfile.ZipFile, "writestr")),
        ("epub", (Path, "write_bytes")),  # an image into the staging folder
        ("html", (Path, "write_text")),
        ("html", (Path, "write_bytes")),
    ],
)
def test_a_full_disk_is_an_export_error_naming_the_output(lib, tmp_path, monkeypatch, kind, where):
    # a traceback (exit 1) from zipfile or write_text: only ExportError was caught
    out = tmp_path / ("book.epub" if kind == "epub" else "site")
    monkeypatch.setattr(*where, _no_space)
    export = export_epub if kind == "epub" else export_html_folder
    with pytest.raises(ExportError) as raised:
        export(lib, all_paths(lib), out)
    assert str(raised.value) == f"{out}: No space left on device"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "library"]


def test_a_code_sample_of_a_fragment_link_is_exported_as_written(open_library, root, tmp_path):
    # `<a href="#top">` in a code sample came out as `<a>`
    write(root, "a.md", '---\ntitle: Links\n---\nWrite `<a href="#top">` to go up.\n')
    lib = open_library()
    export_html_folder(lib, all_paths(lib), tmp_path / "site")
    page = next((tmp_path / "site" / "articles").iterdir()).read_text(encoding="utf-8")
    assert "<code>&lt;a href=&quot;#top&quot;&gt;</code>" in page
    export_epub(lib, all_paths(lib), tmp_path / "book.epub")
    with zipfile.ZipFile(tmp_path / "book.epub") as book:
        chapter = book.read("OEBPS/text/a00001.xhtml").decode()
    assert "<code>&lt;a href=&quot;#top&quot;&gt;</code>" in chapter


def test_an_address_no_one_can_take_apart_is_dropped_not_a_failure(open_library, root, tmp_path):
    """``http://[zz]/`` (a bracketed host that is no address) made
    ``urlsplit`` raise: one such link in one article stopped the whole
    export with a traceback.  It is dropped to its text, as an unsafe link."""
    write(
        root,
        "a.md",
        '---\ntitle: Links\n---\n<p>See <a href="http://[zz]/">this</a> and '
        '<a href="http://[::1/">that</a>, <img src="file://[zz]/x.png" alt="pic"> '
        'and <a href="https://example.org/ok">ok</a>.</p>\n',
    )
    lib = open_library()
    out = tmp_path / "out"
    export_html_folder(lib, all_paths(lib), out)
    page = next(p for p in out.rglob("*.html") if p.name != "index.html")
    text = page.read_text(encoding="utf-8")
    assert "See this and that" in re.sub(r"<[^>]+>", "", text)
    assert "[zz]" not in text and "[::1" not in text
    assert 'href="https://example.org/ok"' in text
    export_epub(lib, all_paths(lib), tmp_path / "out.epub")
    assert (tmp_path / "out.epub").stat().st_size > 0


@pytest.mark.slow
def test_links_no_checker_reads_and_terms_without_definitions_leave_a_valid_book(
    open_library, root, tmp_path
):
    # epubcheck RSC-020 for a lone "%", a second "#" and brackets outside a
    # host; RSC-005 for a dl whose last dt has no dd
    write(
        root,
        "a.md",
        "---\ntitle: Links\ndate: 2021-06-01\n---\n"
        '<p><a href="http://e.org/a%zz">1</a> <a href="http://e.org/#a#b">2</a>'
        ' <a href="http://e.org/p[x]?q=[y]">3</a> <a href="https://例子.测试/路径">4</a>'
        ' <a href="http://e.org/%">5</a> <a href="http://e x.org/">6</a>'
        ' <a href="http://h:abc/">7</a> <a href="https://">8</a></p>'
        "<dl><dt>only a term</dt></dl><dl><dt>a</dt><dd>b</dd><dt>c</dt></dl>\n",
    )
    lib = open_library()
    out = tmp_path / "book.epub"
    export_epub(lib, ["a.md"], out)
    epubcheck(out)
    with zipfile.ZipFile(out) as book:
        text = book.read("OEBPS/text/a00001.xhtml").decode()
    assert "only a term" in text and 'href="http://e.org/#a%23b"' in text


@pytest.mark.slow
@pytest.mark.parametrize("title", ["   ", "\x01\x02", "\t\n"])
def test_a_title_of_blanks_gives_the_folders_name_and_a_valid_book(lib, tmp_path, title):
    out = tmp_path / "book.epub"
    export_epub(lib, all_paths(lib), out, title=title)
    epubcheck(out)
    with zipfile.ZipFile(out) as book:
        opf = ElementTree.fromstring(book.read("OEBPS/content.opf"))
    assert opf.find(".//{http://purl.org/dc/elements/1.1/}title").text == lib.root.name


def _untitled(open_library, root):
    # a title of a control character (YAML "\x01"), and an empty mailto link
    write(
        root,
        "notes/p.md",
        '---\ntitle: "\\x01 \\t"\ndate: 2021-01-01\n---\nBody, <a href="mailto:">write</a>.\n',
    )
    return open_library()


def test_a_title_that_shows_nothing_gives_the_file_name(open_library, root, tmp_path):
    # the contents had a link with no text and the page an empty <title>
    # (epubcheck RSC-005 twice), the HTML folder's index an empty entry
    lib = _untitled(open_library, root)
    export_epub(lib, ["notes/p.md"], tmp_path / "book.epub")
    with zipfile.ZipFile(tmp_path / "book.epub") as book:
        nav = book.read("OEBPS/nav.xhtml").decode()
        page = book.read("OEBPS/text/a00001.xhtml").decode()
    assert '<a href="text/a00001.xhtml">p</a>' in nav and "<title>p</title>" in page
    assert "<a>write</a>" in page  # (its text, without the address no checker reads)
    export_html_folder(lib, ["notes/p.md"], tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<a href="articles/a00001.html">p</a>' in index
    assert "<title>p</title>" in (tmp_path / "site/articles/a00001.html").read_text("utf-8")


@pytest.mark.slow
def test_a_title_that_shows_nothing_and_an_empty_mailto_leave_a_valid_book(
    open_library, root, tmp_path
):
    lib = _untitled(open_library, root)
    export_epub(lib, ["notes/p.md"], tmp_path / "book.epub")
    epubcheck(tmp_path / "book.epub")


@pytest.mark.parametrize(
    "title", ["\\u200b\\u2060\\u200f", "\\u3164", "\\u0301\\u0301", "\\ufeff "]
)
def test_a_title_of_invisible_characters_gives_the_file_name(open_library, root, tmp_path, title):
    # (review) zero-width and format characters, a Hangul filler, marks with
    # nothing to mark: "something shows", and the contents had an entry no
    # one could see
    write(root, "notes/p.md", f'---\ntitle: "{title}"\ndate: 2021-01-01\n---\nBody.\n')
    write(root, "notes/q.md", f'---\ntitle: Q\ncategories: ["{title}"]\n---\nBody.\n')
    lib = open_library()
    export_epub(lib, ["notes/p.md", "notes/q.md"], tmp_path / "book.epub", toc="category")
    with zipfile.ZipFile(tmp_path / "book.epub") as book:
        nav = book.read("OEBPS/nav.xhtml").decode()
    assert '.xhtml">p</a>' in nav
    assert nav.count("<span>Uncategorized</span>") == 1


def test_a_category_that_shows_nothing_is_labelled_in_the_contents(open_library, root, tmp_path):
    # nav.xhtml had <li><span></span>: epubcheck RSC-005; the HTML index an empty <h2>
    write(root, "a.md", '---\ntitle: Ctl\ncategories: ["\\x01"]\n---\nBody.\n')
    lib = open_library()
    export_epub(lib, ["a.md"], tmp_path / "book.epub", toc="category")
    with zipfile.ZipFile(tmp_path / "book.epub") as book:
        nav = book.read("OEBPS/nav.xhtml").decode()
    assert "<span></span>" not in nav and "<span>Uncategorized</span>" in nav
    export_html_folder(lib, ["a.md"], tmp_path / "site", toc="category")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<h2></h2>" not in index and "<h2>Uncategorized</h2>" in index


def test_a_bidi_override_in_a_title_does_not_reorder_the_contents(open_library, root, tmp_path):
    # "Invoice \u202efdp.exe" left the override open past the link: the date
    # beside it in the index read reversed
    write(root, "a.md", '---\ntitle: "Invoice \\u202efdp.exe"\ndate: 2024-01-25\n---\nBody.\n')
    lib = open_library()
    export_html_folder(lib, ["a.md"], tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert ">Invoice fdp.exe</a>" in index and "\u202e" not in index
    export_epub(lib, ["a.md"], tmp_path / "book.epub")
    with zipfile.ZipFile(tmp_path / "book.epub") as book:
        assert "\u202e" not in book.read("OEBPS/nav.xhtml").decode()


def test_an_image_with_bytes_after_its_end_is_exported(open_library, root, tmp_path):
    # shown by the reader, it was left out of every export without a word
    from reader.core.convert.export import sniff_image

    assert sniff_image(PNG + b"\0" * 64, "image/png") == "image/png"
    assert sniff_image(PNG[:-12], "image/png") is None  # cut short: no end
    write(root, "t.png", PNG + b"\0" * 64)
    write(root, "a.md", "---\ntitle: T\n---\n![trailing](t.png)\n")
    lib = open_library()
    assert export_html_folder(lib, ["a.md"], tmp_path / "site").images == 1


# A 2×2 JPEG, as an image program writes one.
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEAZABkAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERX"
    "RTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAIDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAA"
    "AAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAk"
    "M2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKT"
    "lJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QA"
    "HwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdh"
    "cRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hp"
    "anN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk"
    "5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDFoooryz7w/9k="
)


def test_an_image_whose_pixels_are_damaged_is_left_out():
    """Only the first bytes and an end marker were looked at: a PNG whose
    image data is garbage, or a JPEG of its markers alone, went into the
    book, and epubcheck rejected it ("Corrupted image file")."""
    import struct
    import zlib

    from reader.core.convert.export import sniff_image

    assert sniff_image(JPEG, "image/jpeg") == "image/jpeg"
    assert sniff_image(PNG, "image/png") == "image/png"

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = PNG[:33]  # the signature and the header chunk of a 1×1 picture
    garbage = header + chunk(b"IDAT", b"\x78\x9c garbage, not deflate") + chunk(b"IEND", b"")
    wrong_sum = bytearray(PNG)
    wrong_sum[-20] ^= 0xFF  # a byte of the image data: its chunk's checksum fails
    cut_stream = header + chunk(b"IDAT", zlib.compress(b"\0\0\0\0\0")[:-3]) + chunk(b"IEND", b"")
    bomb = header + chunk(b"IDAT", zlib.compress(b"\0" * 10_000_000)) + chunk(b"IEND", b"")
    for name, data in {
        "garbage": garbage,
        "checksum": bytes(wrong_sum),
        "cut stream": cut_stream,
        "bomb": bomb,
        "jpeg markers only": b"\xff\xd8\xff\xe0garbage\xff\xd9",
        "jpeg without its scan": JPEG[: JPEG.index(b"\xff\xda")] + b"\xff\xd9",
    }.items():
        assert sniff_image(data, "image/png") is None, name


def test_a_png_claiming_more_pixels_than_a_reader_decodes_is_left_out_at_once():
    # 2³¹ × 2³¹ in its header, zeros for data: 12 s to look at 4 MB, and taken
    import struct
    import zlib

    from reader.core.convert.export import sniff_image
    from tests.core.guards import finishes

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 2**31 - 1, 2**31 - 1, 16, 6, 0, 0, 0)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 4_000_000))
        + chunk(b"IEND", b"")
    )
    assert finishes(sniff_image, bomb, "image/png", timeout=30) is None
    small = struct.pack(">IIBBBBB", 100, 100, 8, 0, 0, 0, 0)  # 10,000 bytes of pixels at most
    inflated = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", small)
        + chunk(b"IDAT", zlib.compress(b"\0" * 5_000_000))
        + chunk(b"IEND", b"")
    )
    assert sniff_image(inflated, "image/png") is None


def test_a_jpeg_with_megabytes_of_metadata_before_its_frame_is_kept():
    # an image editor's XMP history: the frame header was looked for in the
    # first megabyte only, and the photo left out
    from reader.core.convert.export import sniff_image

    app = b"\xff\xe1" + (65535).to_bytes(2, "big") + b"x" * 65533
    bloated = JPEG[:2] + app * 20 + JPEG[2:]
    assert len(bloated) > 1 << 20
    assert sniff_image(bloated, "image/jpeg") == "image/jpeg"


# The smallest whole GIF: a header, a two-colour table, one 1×1 image, the end.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
    b"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
# A WebP's header and a lossless frame's (what the check reads).
WEBP = b"RIFF" + (30).to_bytes(4, "little") + b"WEBPVP8L" + bytes(22)


def test_a_gif_of_its_header_alone_is_left_out():
    # 13 bytes and a ";" were taken, and epubcheck said "Corrupted image file"
    from reader.core.convert.export import sniff_image

    assert sniff_image(GIF, "image/gif") == "image/gif"
    assert sniff_image(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif") is None
    assert sniff_image(GIF[:20] + b";", "image/gif") is None  # its table, no image


def test_a_webp_goes_into_an_html_folder_but_not_into_an_epub(open_library, root, tmp_path):
    # an EPUB 3 holds WebP only with a fallback: epubcheck refused the book
    write(root, "w.webp", WEBP)
    write(root, "a.md", "---\ntitle: W\n---\n![web picture](w.webp)\n")
    lib = open_library()
    assert export_html_folder(lib, ["a.md"], tmp_path / "site").images == 1
    book = tmp_path / "book.epub"
    assert export_epub(lib, ["a.md"], book).images == 0
    with zipfile.ZipFile(book) as epub:
        assert not any(name.endswith(".webp") for name in epub.namelist())
        pages = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert "web picture" in pages  # its text stays


def test_an_article_exported_as_its_text_is_said_with_its_file_and_line(
    open_library, root, tmp_path
):
    # front matter that does not parse: in the book as its text, without a word
    write(root, "bad.md", "---\ntitle: [unclosed\n---\nbody\n")
    write(root, "ok.md", "---\ntitle: Fine\nflag: yes\n---\nfine\n")
    lib = open_library()
    result = export_html_folder(lib, ["bad.md", "ok.md"], tmp_path / "site")
    assert result.articles == 2
    assert len(result.problems) == 1
    assert result.problems[0].startswith(f"{root / 'bad.md'}:2: error: invalid YAML")


def test_articles_of_one_date_and_the_undated_ones_are_in_title_order():
    # by date, each group was sorted (date, title) newest first: titles Z to A
    from reader.core.convert.export import Chapter, group_chapters

    def chapter(title: str, date: str | None) -> Chapter:
        return Chapter(f"{title}.md", title, date, None, (), "en", "")

    chapters = [
        chapter("Beta", "2024-05-02"),
        chapter("Alpha", "2024-05-02"),
        chapter("Gamma", "2024-05-09"),
        chapter("Zed", None),
        chapter("Apple", None),
    ]
    grouped = group_chapters(chapters, "date")
    assert [(key, [c.title for c in members]) for key, members in grouped] == [
        ("2024-05", ["Gamma", "Alpha", "Beta"]),
        ("", ["Apple", "Zed"]),
    ]


def test_categories_alike_in_the_contents_are_one_group(open_library, root, tmp_path):
    # "News" and "News" + a bidi control were two headings both reading "News"
    write(root, "a.md", "---\ntitle: A\ncategories: [News]\n---\nx\n")
    write(root, "b.md", '---\ntitle: B\ncategories: ["News\\u202c"]\n---\ny\n')
    lib = open_library()
    export_html_folder(lib, ["a.md", "b.md"], tmp_path / "site", toc="category")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert index.count("<h2>News</h2>") == 1


def test_progress_reaches_the_end_when_the_last_article_cannot_be_read(lib, root, tmp_path):
    # an article skipped reported no progress: the last one left the bar short
    # of its end, and the dialog never said the book was being written
    paths = all_paths(lib)
    (root / paths[-1]).unlink()  # (gone since it was listed)
    done = []
    result = export_epub(lib, paths, tmp_path / "b.epub", progress=lambda *a: done.append(a[:2]))
    assert result.skipped and done[-1] == (len(paths), len(paths))


def test_links_to_other_articles_of_the_export_lead_to_their_chapters(open_library, root, tmp_path):
    # (export attack) every link to another article was left as its text,
    # even to the next chapter of the same book
    write(
        root,
        "first.md",
        "---\ntitle: First\ndate: 2021-01-01\n---\nFirst text.\n\n"
        '<h2 id="later">Later</h2>\n\nMore.\n',
    )
    write(
        root,
        "sub/second.md",
        "---\ntitle: Second\ndate: 2021-01-02\n---\nSee [first](../first.md), "
        "[its later part](../first.md#later), [missing](../gone.md), "
        "[not exported](../third.md) and [web](https://example.org).\n",
    )
    write(root, "third.md", "---\ntitle: Third\ndate: 2020-01-01\n---\nThird.\n")
    write(
        root,
        "places.md",
        "---\ntitle: Places\ndate: 2019-01-01\n---\n# A heading\n\n"
        '<p id="a b&amp;c">odd id</p>\n\n'
        "[odd](first.md#a%20b&c) [none](first.md#nowhere) [heading](first.md#A%20heading) "
        "[unread](gone.md) [odd here](#a%20b&c)\n",
    )
    lib = open_library()
    exported = ["first.md", "sub/second.md"]
    out = tmp_path / "site"
    export_html_folder(lib, exported, out)
    second = (out / "articles" / "a00001.html").read_text(encoding="utf-8")  # (newest first)
    assert '<a href="a00002.html">first</a>' in second
    assert '<a href="a00002.html#later">its later part</a>' in second
    assert "<a>missing</a>" in second and "<a>not exported</a>" in second
    assert '<a href="https://example.org">web</a>' in second
    assert 'id="later"' in (out / "articles" / "a00002.html").read_text(encoding="utf-8")
    book = tmp_path / "book.epub"
    export_epub(lib, exported, book)
    epubcheck(book)
    with zipfile.ZipFile(book) as opened:
        text = opened.read("OEBPS/text/a00001.xhtml").decode()
    assert '<a href="a00002.xhtml#later">its later part</a>' in text
    # (review) places a chapter lacks lead to its start, odd ids as the
    # export writes them; a chapter that could not be read: text only
    write(root, "first.md", (root / "first.md").read_text() + '\n<p id="a b&amp;c">x</p>\n')
    lib.refresh()
    every = tmp_path / "every.epub"
    export_epub(lib, [*exported, "places.md", "gone.md"], every)  # (gone: not read)
    epubcheck(every)
    with zipfile.ZipFile(every) as opened:
        names = sorted(n for n in opened.namelist() if n.startswith("OEBPS/text/a"))
        pages = {n: opened.read(n).decode() for n in names}
    places = next(page for page in pages.values() if "odd id" in page)
    first = next(page for page in pages.values() if "First text." in page)
    first_name = next(n for n, page in pages.items() if page is first).rpartition("/")[2]
    assert f'<a href="{first_name}#a_b_c">odd</a>' in places
    assert f'<a href="{first_name}">none</a>' in places
    assert f'<a href="{first_name}">heading</a>' in places
    assert "<a>unread</a>" in places
    assert '<a href="#a_b_c">odd here</a>' in places


def test_text_that_looks_like_an_attribute_is_neither_an_anchor_nor_a_chapter_link(
    open_library, root, tmp_path
):
    # (export attack) a code sample's ` id="installing"` was taken for an
    # anchor (epubcheck RSC-012: the link went to a place no element has),
    # and text quoting the export's own link marker was rewritten or emptied
    write(
        root,
        "tutorial.md",
        "---\ntitle: Tutorial\ndate: 2021-01-01\n---\n## Installing\n\n"
        '```html\n<h2 id="installing">Installing</h2>\n```\n',
    )
    write(
        root,
        "index.md",
        "---\ntitle: Index\ndate: 2021-01-02\n---\n"
        "Read [how to install](tutorial.md#installing).\n\n"
        'Links are marked ` href="article-reader-chapter:tutorial.md"` and '
        '` href="article-reader-chapter:gone.md"` until the end.\n',
    )
    lib = open_library()
    book = tmp_path / "book.epub"
    export_epub(lib, ["index.md", "tutorial.md"], book)
    epubcheck(book)
    with zipfile.ZipFile(book) as opened:
        index = opened.read("OEBPS/text/a00001.xhtml").decode()
        tutorial = opened.read("OEBPS/text/a00002.xhtml").decode()
    assert '<a href="a00002.xhtml">how to install</a>' in index  # (the chapter's start)
    assert "installing" in tutorial and ' id="installing"' not in tutorial
    out = tmp_path / "site"
    export_html_folder(lib, ["index.md", "tutorial.md"], out)
    for page in (index, (out / "articles" / "a00001.html").read_text(encoding="utf-8")):
        text = re.sub(r"<[^>]*>", "", page).replace("&quot;", '"')
        assert 'marked  href="article-reader-chapter:tutorial.md" and' in text
        assert ' href="article-reader-chapter:gone.md" until the end' in text


def test_links_between_articles_of_one_document_lead_to_their_anchors(open_library, root):
    # (the PDF: one document, its ids prefixed per article)
    from reader.core.convert.export import group_chapters, link_chapters, prepare_chapters

    write(root, "a.md", '---\ntitle: A\ndate: 2021-01-01\n---\n<h2 id="x">X</h2>\n')
    write(root, "b.md", "---\ntitle: B\ndate: 2021-01-02\n---\n[to a](a.md) and [to x](a.md#x)\n")
    lib = open_library()
    chapters, _ = prepare_chapters(lib, ["a.md", "b.md"], None, id_prefixes=True)
    groups = group_chapters(chapters, "date")
    link_chapters(groups, lambda number, fragment: fragment or f"#a{number}")
    a, b = sorted(chapters, key=lambda c: c.path)
    assert 'id="a1-x"' in a.body
    assert '<a href="#a2">to a</a>' in b.body  # (b is first in the book: newest first)
    assert '<a href="#a1-x">to x</a>' in b.body


def test_links_by_the_sites_address_lead_to_their_chapters(tmp_path):
    # links by permalink ({{ site.baseurl }}/2021/01/06/second/, the site's
    # full address) were left as their text
    from reader.core.library.facade import Library

    root = tmp_path / "jekyll"
    write(root, "_config.yml", "title: s\nurl: https://example.org\nbaseurl: /blog\n")
    write(
        root,
        "_posts/2021-01-05-first.md",
        "---\ntitle: First\ndate: 2021-01-05\n---\n[by path](/blog/2021/01/06/second/), "
        "[by address](https://example.org/blog/2021/01/06/second.html#part), "
        "[from the base]({{ site.baseurl }}/2021/01/06/second/) and "
        "[elsewhere](https://example.org/blog/2021/01/07/none/).\n",
    )
    write(
        root,
        "_posts/2021-01-06-second.md",
        '---\ntitle: Second\ndate: 2021-01-06\n---\n<h2 id="part">Part</h2>\n\nText.\n',
    )
    library = Library.open(root, tmp_path / "cache")
    library.refresh()
    out = tmp_path / "out"
    export_html_folder(library, ["_posts/2021-01-05-first.md", "_posts/2021-01-06-second.md"], out)
    library.close()
    pages = {p.name: p.read_text(encoding="utf-8") for p in (out / "articles").iterdir()}
    first = next(text for text in pages.values() if "by path" in text)
    second = next(name for name, text in pages.items() if "Part" in text)
    assert f'<a href="{second}">by path</a>' in first
    assert f'<a href="{second}#part">by address</a>' in first
    assert f'<a href="{second}">from the base</a>' in first
    assert '<a href="https://example.org/blog/2021/01/07/none/">elsewhere</a>' in first


def test_an_image_address_is_decoded_once_and_never_leads_outside(open_library, root, tmp_path):
    # (images attack) the address was decoded twice: a folder of the library
    # named "%2e%2e" became ".." at export, and the book took a picture
    # from outside the library (any absolute path, with enough levels)
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = PNG + b"secret"  # (a valid PNG with trailing bytes: told apart by its hash)
    (outside / "secret.png").write_bytes(secret)
    levels = len(root.parts) + 2
    decoy = root / "img" / "/".join(["%2e%2e"] * levels) / str(outside).lstrip("/")
    decoy.mkdir(parents=True)
    (decoy / "secret.png").write_bytes(PNG)  # (what the reader shows: inside the library)
    src = "img/" + "/".join(["%252e%252e"] * levels) + str(outside) + "/secret.png"
    write(root, "b.md", f'---\ntitle: B\n---\n\n<img src="{src}" alt="x">\n')
    lib = open_library()
    out = tmp_path / "site"
    export_html_folder(lib, ["b.md"], out)
    exported = (
        [p.read_bytes() for p in (out / "images").iterdir()] if (out / "images").exists() else []
    )
    assert secret not in exported
    assert exported == [PNG]  # (the decoy, as the reader shows it)

"""Sanitized HTML as well-formed XHTML, whatever the input."""

from __future__ import annotations

from xml.etree import ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.convert.xhtml import to_xhtml
from reader.core.render.sanitize import sanitize_html

_PIECES = [
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<b>",
    "</b>",
    "<li>",
    "</li>",
    "<ul>",
    "</ul>",
    "<table>",
    "<tr>",
    "<td>",
    "</td>",
    "</table>",
    "<a href='#x'>",
    "</a>",
    "<h2>",
    '<p id="x">',
    "<br>",
    "<img src='a.png'>",
    "text ",
    "中文",
    "&amp;",
    "<",
    ">",
    "<dl>",
    "<dd>",
    "<pre>",
    "<span>",
    "</span>",
    "<blockquote>",
]


def parse(xhtml: str) -> ElementTree.Element:
    return ElementTree.fromstring(f'<div xmlns="http://www.w3.org/1999/xhtml">{xhtml}</div>')


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_any_sanitized_fragment_becomes_well_formed_xml(pieces):
    fragment = sanitize_html("".join(pieces))
    xhtml = to_xhtml(fragment, image=lambda src, alt: "images/x.png", link=lambda h: h)
    root = parse(xhtml)
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    for element in root.iter():
        href = element.get("href")
        assert href is None or href[1:] in ids


def test_images_and_links_go_through_the_callers():
    seen = []
    xhtml = to_xhtml(
        '<p><img src="a.png" alt="A"><img src="b.png"><a href="x.md">x</a>'
        '<a href="https://e.org/a b">y</a></p>',
        image=lambda src, alt: seen.append((src, alt)) or ("i/a.png" if src == "a.png" else None),
        link=lambda href: href if href.startswith("https") else None,
    )
    assert seen == [("a.png", "A"), ("b.png", "")]
    assert '<img src="i/a.png" alt="A"/>' in xhtml
    assert "<a>x</a>" in xhtml and 'href="https://e.org/a%20b"' in xhtml


_TABLE_ORDER = ["caption", "colgroup", "thead", "tbody", "tfoot"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<caption>c</caption>",
                "<colgroup><col></colgroup>",
                "<col>",
                "<thead><tr><th>h</th></tr></thead>",
                "<tbody><tr><td>b</td></tr></tbody>",
                "<tfoot><tr><td>f</td></tr></tfoot>",
                "<tr><td>r</td></tr>",
            ]
        ),
        max_size=8,
    )
)
def test_a_tables_parts_come_in_their_order(parts):
    # XHTML's order: one caption, the column groups, one thead, the bodies
    # (or rows, never both), one tfoot; a page may have them in any order
    xhtml = to_xhtml(f"<table>{''.join(parts)}</table>", image=lambda s, a: s, link=lambda h: h)
    (table,) = parse(xhtml)
    names = [child.tag.split("}")[1] for child in table]
    assert set(names) <= set(_TABLE_ORDER), names  # (rows always in a body)
    places = [_TABLE_ORDER.index(name) for name in names]
    assert places == sorted(places), names
    assert names.count("caption") <= 1 and names.count("thead") <= 1
    assert names.count("tfoot") <= 1
    assert all(len(group) > 0 for group in table if group.tag.endswith("colgroup"))


def test_a_description_has_its_term_and_a_definition_no_definition_inside():
    xhtml = to_xhtml(
        "<dl><dd>d</dd><dt>t</dt><dd>e</dd></dl><p><dfn>a<dfn>b</dfn></dfn></p>",
        image=lambda s, a: s,
        link=lambda h: h,
    )
    dl, p = parse(xhtml)
    assert [child.tag.split("}")[1] for child in dl] == ["dt", "dd", "dt", "dd"]
    assert len(list(p.iter("{http://www.w3.org/1999/xhtml}dfn"))) == 1


def test_text_that_looks_like_a_fragment_link_is_kept():
    # `<a href="#top">` in a code sample became `<code>&lt;a&gt;</code>`: the
    # rewrite of links to missing anchors ran over the text too
    fragment = (
        '<p><code>&lt;a href="#top"&gt;</code> and <a href="#gone">gone</a>'
        ' and <a href="#here">here</a> <span id="here">x</span></p>'
        '<pre> href="#top"</pre>'
    )
    xhtml = to_xhtml(fragment, image=lambda s, a: s, link=lambda h: h, id_prefix="a1-")
    # (quotes in text are escaped: nothing scanning the tags reads text as one)
    assert "<code>&lt;a href=&quot;#top&quot;&gt;</code>" in xhtml
    assert "<pre> href=&quot;#top&quot;</pre>" in xhtml
    assert "<a>gone</a>" in xhtml and '<a href="#a1-here">here</a>' in xhtml
    parse(xhtml)


def test_a_term_without_a_definition_gets_an_empty_one():
    # epubcheck RSC-005: a dl's last dt must be followed by a dd
    xhtml = to_xhtml(
        "<dl><dt>only</dt></dl><dl><dt>a</dt><dd>b</dd><dt>c</dt><dt>d</dt></dl>",
        image=lambda s, a: s,
        link=lambda h: h,
    )
    first, second = parse(xhtml)
    assert [child.tag.split("}")[1] for child in first] == ["dt", "dd"]
    assert [child.tag.split("}")[1] for child in second] == ["dt", "dd", "dt", "dt", "dd"]
    assert "".join(second.itertext()) == "abcd"


def test_a_link_that_is_no_valid_address_is_escaped_or_kept_as_text():
    xhtml = to_xhtml(
        '<p><a href="http://e.org/a%zz#x#y">a</a> <a href="http://e.org/[b]">b</a>'
        ' <a href="http://e x.org/">c</a></p>',
        image=lambda s, a: s,
        link=lambda h: h,
    )
    assert 'href="http://e.org/a%25zz#x%23y"' in xhtml
    assert 'href="http://e.org/%5Bb%5D"' in xhtml
    assert "<a>c</a>" in xhtml


def test_a_link_with_nothing_after_its_scheme_or_no_host_is_kept_as_text():
    # `mailto:` was written as is: epubcheck RSC-020 ("mailto:" is not a
    # valid URI) and RSC-005; so was `http://:80/`, a server with no host
    empty = ["mailto:", "MAILTO:", "mailto:?", "mailto://", "mailto:#x", "tel:", "http://:80/"]
    fragment = "".join(f'<a href="{href}">{n}</a> ' for n, href in enumerate(empty))
    kept = '<a href="mailto:a@b.c">x</a> <a href="mailto:?subject=hi">y</a>'
    xhtml = to_xhtml(f"<p>{fragment}{kept}</p>", image=lambda s, a: s, link=lambda h: h)
    assert xhtml == "<p>" + "".join(f"<a>{n}</a> " for n in range(len(empty))) + kept + "</p>"

"""Addresses from files, taken apart and spelled as valid URIs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.common.urls import split_url, valid_uri

# RFC 3986: a scheme, a host (a name or a bracketed IPv6 address) with its
# user and port, then the characters allowed unescaped or "%" and two hex
# digits, and "#" once
_ESCAPE = "%[0-9A-Fa-f]{2}"
_USER = rf"(?:[A-Za-z0-9._~!$&'()*+,;=:-]|{_ESCAPE})*@"
_HOST = rf"(?://(?:{_USER})?(?:\[[0-9a-f:.]+\]|[A-Za-z0-9._-]*)(?::[0-9]+)?)?"
_CHAR = rf"(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|{_ESCAPE})"
_URI = re.compile(rf"[A-Za-z][A-Za-z0-9+.-]*:{_HOST}{_CHAR}*(?:#{_CHAR}*)?")


@pytest.mark.parametrize(
    ("text", "uri"),
    [
        ("http://example.com/a%zz", "http://example.com/a%25zz"),
        ("http://example.com/%", "http://example.com/%25"),
        ("http://example.com/#a#b", "http://example.com/#a%23b"),
        ("http://example.com/p[x]?q=[y]", "http://example.com/p%5Bx%5D?q=%5By%5D"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("mailto:a[b]@x.org", "mailto:a%5Bb%5D@x.org"),
        ("http://example.com/a b", "http://example.com/a%20b"),
        ("http://user:p@ss@host/", "http://user:p%40ss@host/"),
        ("https://例子.测试/路径", "https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84"),
        ("https://my_blog.example.org/", "https://my_blog.example.org/"),
        ("https://example.com/a%20b?q=%E4", "https://example.com/a%20b?q=%E4"),
    ],
)
def test_an_address_is_spelled_as_a_valid_uri(text, uri):
    assert valid_uri(text) == uri


@pytest.mark.parametrize(
    "text",
    [
        "http://exa mple.com/",
        "http://host:99999/",
        "http://host:abc/",
        "https://",
        "http:///x",
        "http://[zz]/",
        "http://[::1/",
    ],
)
def test_an_address_with_no_host_is_none(text):
    assert valid_uri(text) is None


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["http://example.com/", "https://例.org", "mailto:", "http://[::1]/"]),
    st.text(alphabet=st.sampled_from("ab%#[]?/ 中:@\\|{}^`\"<>'z0F"), max_size=20),
)
def test_whatever_follows_a_host_the_uri_is_valid(start, rest):
    uri = valid_uri(start + rest)
    if uri is not None:
        assert _URI.fullmatch(uri), uri
        assert split_url(uri) is not None

"""Which way a text is read: right to left (Arabic, Hebrew…) or left to
right, by its language tag or by its letters.  No Qt here.

Used by the reader's page and by exports: Qt lays out every block of an
``<html><body>`` page left to right unless the body says otherwise, and an
EPUB or HTML page needs ``dir="rtl"`` for its text, lists and headings to
stand on the right."""

from __future__ import annotations

import re

__all__ = ["rtl_language_of", "text_direction"]

_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_HEBREW = re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f]")
_SYRIAC = re.compile(r"[\u0700-\u074f\u0860-\u086f]")
_THAANA = re.compile(r"[\u0780-\u07bf]")
_NKO = re.compile(r"[\u07c0-\u07ff]")
# Languages written right to left, by the primary subtag of a BCP 47 tag
# (those usually written in Arabic, Hebrew, Syriac, Thaana or N'Ko script).
_RTL_LANGUAGES = frozenset(
    {
        *("ar", "arc", "azb", "bal", "bqi", "ckb", "dv", "fa", "glk", "he", "iw", "ji"),
        *("khw", "ks", "lrc", "mzn", "nqo", "pnb", "prs", "ps", "sd", "sdh", "skr"),
        *("syc", "syr", "ug", "ur", "yi"),
    }
)
# Scripts written right to left, by a tag's script subtag (which decides:
# az-Arab is, ar-Latn is not).
_RTL_SCRIPTS = frozenset(
    {"adlm", "arab", "aran", "hebr", "mand", "mend", "nkoo", "rohg", "samr", "syrc", "thaa"}
)


def text_direction(language: str) -> str:
    """``rtl`` for a language written right to left (``ar``, ``he-IL``,
    ``fa``, ``az-Arab``; not ``ar-Latn``), else ``ltr``: the direction of an
    exported page, or of the reader's page, in it."""
    subtags = language.replace("_", "-").lower().split("-")
    script = next((tag for tag in subtags[1:4] if len(tag) == 4 and tag.isalpha()), None)
    if script is not None:
        return "rtl" if script in _RTL_SCRIPTS else "ltr"
    return "rtl" if subtags[0] in _RTL_LANGUAGES else "ltr"


_LETTER = re.compile(r"[^\W\d_]")
_ANY_RTL = re.compile(
    "|".join(pattern.pattern for pattern in (_ARABIC, _HEBREW, _SYRIAC, _THAANA, _NKO))
)


def rtl_language_of(text: str) -> str | None:
    """The language tag of a script written right to left that makes up a
    good part (a fifth) of the letters of ``text``'s first 4,000 characters
    (``ar`` for Arabic letters, ``he``, ``syr``, ``dv``, ``nqo``; ``fa``,
    ``ur``, ``ps``, ``ckb`` or ``yi`` where that language's own letters
    tell it from Arabic or Hebrew), or None."""
    sample = text[:4000]
    if _ANY_RTL.search(sample) is None:  # (most texts: one pass, in C)
        return None
    letters = len(_LETTER.findall(sample)) or 1
    for pattern, found in (
        (_ARABIC, "ar"),
        (_HEBREW, "he"),
        (_SYRIAC, "syr"),
        (_THAANA, "dv"),
        (_NKO, "nqo"),
    ):
        count = len(pattern.findall(sample))
        if count > letters * 0.2:
            return _language_of_script(sample, found, count)
    return None


# The letters that tell the languages written in one script apart, each
# counted against the script's letters: Urdu's (ٹ ڈ ڑ ں ہ ے), Pashto's
# (ټ ځ څ ډ ړ ږ ښ ۍ), Sorani Kurdish's (ڕ ڵ ێ), Uyghur's (ۇ ۈ ۋ), Sindhi's
# (ٻ ڀ ڃ ڄ ڇ ڊ ڌ ڍ ڎ ڏ ڙ ڦ ڪ ڱ ڳ ڻ), Persian's (پ چ ژ ک گ ی: Arabic writes
# ك and ي) and Yiddish's (װ ױ ײ and their pointed forms).
_MARKS = {
    "ar": (
        ("ur", re.compile(r"[\u0679\u0688\u0691\u06ba\u06c1\u06d2]")),
        ("ps", re.compile(r"[\u067c\u0681\u0685\u0689\u0693\u0696\u069a\u06cd]")),
        ("ckb", re.compile(r"[\u0695\u06b5\u06ce]")),
        ("ug", re.compile(r"[\u06c7\u06c8\u06cb]")),
        (
            "sd",
            re.compile(
                r"[\u067b\u0680\u0683\u0684\u0687\u068a\u068c-\u068f\u0699\u06a6\u06aa\u06b1\u06b3\u06bb]"
            ),
        ),
    ),
    "he": (("yi", re.compile(r"[\u05f0-\u05f2\ufb1f]")),),
}
_PERSIAN = re.compile(r"[\u067e\u0686\u0698\u06a9\u06af\u06cc]")
_ARABIC_ONLY = re.compile(r"[\u0629\u0643\u0649\u064a]")  # (ة ك ى ي)


def _language_of_script(sample: str, script: str, letters: int) -> str:
    """``script``'s language in ``sample`` (holding ``letters`` of its
    letters): the one whose own letters are most common when they make up
    at least one in a hundred, Persian where its letters outnumber Arabic's
    own, else ``script`` itself (``ar``, ``he``…)."""
    counts = [(len(pattern.findall(sample)), found) for found, pattern in _MARKS.get(script, ())]
    most, found = max(counts, default=(0, script))
    if most * 100 >= letters and most:
        return found
    if script == "ar":
        persian = len(_PERSIAN.findall(sample))
        if persian * 100 >= letters and persian > len(_ARABIC_ONLY.findall(sample)):
            return "fa"
    return script

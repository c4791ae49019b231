"""Which language a right-to-left text is in, by its letters: the languages
written in Arabic or Hebrew script told apart by their own letters (Persian
and Urdu articles were exported as ``ar``)."""

from __future__ import annotations

import pytest

from reader.core.render.direction import rtl_language_of, text_direction

SAMPLES = {
    "ar": "كتب الطالب رسالة إلى صديقه في المدينة، وقرأها المعلم في الصف",
    "fa": "سلام دنیا، این یک متن فارسی است که برای آزمایش نوشته شده",
    "ur": "یہ اردو زبان میں لکھا گیا ایک جملہ ہے اور یہ ٹھیک ہے",
    "ps": "دا د پښتو ژبې یوه جمله ده چې لیکل شوې ده",
    "ckb": "ئەمە ڕستەیەکی کوردییە بۆ تاقیکردنەوە",
    "ug": "ئۇيغۇر تىلى بىر تۈركىي تىل بولۇپ، ئۇ ئەرەب يېزىقىدا يېزىلىدۇ",
    "sd": "سنڌي ٻولي هڪ قديم ٻولي آهي ۽ هيءَ عربي اکرن ۾ لکي ويندي آهي",
    "he": "שלום עולם, זה טקסט בעברית",
    "yi": "דאָס איז אַ ייִדיש זאַץ װאָס מע שרײַבט",
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_a_language_is_told_by_its_own_letters(language):
    text = SAMPLES[language]
    assert rtl_language_of(text) == language
    assert rtl_language_of(f"{text} with a few English words") == language
    assert text_direction(language) == "rtl"


def test_an_arabic_text_with_a_persian_letter_stays_arabic():
    # one گ in a long Arabic text (a name) does not make it Persian
    text = SAMPLES["ar"] * 3 + " گ"
    assert rtl_language_of(text) == "ar"


def test_a_text_with_no_right_to_left_letters_has_none():
    assert rtl_language_of("Plain English, 中文 and Ελληνικά") is None
    assert rtl_language_of("") is None

"""Screenshots of a rendered article in every theme, as QTextBrowser shows it.

    QT_QPA_PLATFORM=offscreen python tools/render_screenshots.py [--out /tmp/render-shots]

Writes a small library to a temporary folder (a Chinese news article in
HTML with a link, bold text, a table, a local image and a remote image that
gets blocked, and a Markdown post with Hexo tags), renders both with
:func:`reader.core.render.pipeline.render_article` in the light, dark and sepia
themes, and saves what an offscreen QTextBrowser paints.  For checking the
stylesheet by eye; not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QTextBrowser

from reader.core.article.codec import load_article
from reader.core.render.pipeline import THEMES, reading_margin, render_article, theme_colors

NEWS = """---
title: '城市技术交易博览会开幕 数百个项目寻找合作伙伴'
categories:
 - 财经
 - 本地新闻
 - 头条
tags: [科技, 展会]
author: 本报记者 李明
date: Fri, 16 Apr 2021 15:21:00 +0800
headimg: 'https://images.example.net/photos/fair.jpg?w=400'
---

<div>
<p>本报讯（记者 李明）第八届城市技术交易博览会今天在会展中心开幕。来自二十多个国家和地区的
三百余家机构带来了数百个技术项目，涵盖生物医药、新材料、智能制造等领域，
<a class="hotword" style="color: #2f67d1;text-decoration: none;" target="_blank"
href="http://quotes.example.org/stock?code=600000">相关企业</a>纷纷到场寻找合作伙伴。</p>
<p><strong>展示创新成果 供需双方精准对接</strong></p>
<p>开幕当天上午，技术交易所展台前就排起了长队。一位来自欧洲的物流机器人企业负责人说，
他们希望为公司研发的新技术寻找中国投资人，共同把市场做大。</p>
<table>
<tr><th>类别</th><th>项目数</th><th>签约金额（亿元）</th></tr>
<tr><td>生物医药</td><td>38</td><td>12.5</td></tr>
<tr><td>新材料</td><td>27</td><td>8.1</td></tr>
<tr><td>智能制造</td><td>41</td><td>15.3</td></tr>
</table>
<p><img src="hall.png" alt="展馆内景"></p>
<p>主办方表示，本届博览会首次设立线上发布专区，观众可以在网上查看全部项目资料。</p>
<p><img src="https://cdn.example.com/pic/booth.jpg" alt="展台现场"></p>
<blockquote><p>“技术交易的关键在于信任。”一位参展商这样说。</p></blockquote>
</div>
"""

POST = """---
title: 用 Markdown 写的游记
date: 2021-04-16
categories: [[旅行, 江南]]
tags: [游记]
---

## 出发

清晨六点出发，**天刚亮**，街上还很安静。路过一家早餐店，买了两个包子，
顺手查了查 https://example.com/weather 的天气预报。

- [x] 车票
- [ ] 雨伞

{% blockquote 苏轼, 饮湖上初晴后雨 %}
水光潋滟晴方好，山色空蒙雨亦奇。
{% endblockquote %}

| 日期 | 地点 | 花费 |
|------|------|-----:|
| 4/16 | 杭州 | ¥320 |
| 4/17 | 苏州 | ¥280 |

{% codeblock 行程 lang:python %}
days = ["杭州", "苏州"]
for day in days:
    print(day)
{% endcodeblock %}

未知标签：{% mystery tag %}
"""


def _write_library(root: Path) -> list[Path]:
    news = root / "news" / "fair.md"
    post = root / "blog" / "trip.md"
    news.parent.mkdir(parents=True)
    post.parent.mkdir(parents=True)
    news.write_text(NEWS, encoding="utf-8")
    post.write_text(POST, encoding="utf-8")
    _picture().save(str(news.parent / "hall.png"))
    return [news, post]


def _picture() -> QImage:
    image = QImage(360, 180, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(360, 180))
    gradient.setColorAt(0, QColor("#4f7cac"))
    gradient.setColorAt(1, QColor("#c0e0de"))
    painter.fillRect(image.rect(), gradient)
    painter.setPen(QColor("white"))
    painter.setFont(QFont("Noto Sans CJK SC", 20))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, "本地图片 local.png")
    painter.end()
    return image


def _shoot(html: str, theme: str, target: Path, width: int = 900, height: int = 1150) -> None:
    browser = QTextBrowser()
    browser.setOpenExternalLinks(False)
    colors = theme_colors(theme)
    palette = browser.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor(colors["background"]))
    palette.setColor(QPalette.ColorRole.Text, QColor(colors["text"]))
    browser.setPalette(palette)
    browser.resize(width, height)
    font_px = 16
    browser.document().setDocumentMargin(reading_margin(width, font_px) // 2)
    browser.setHtml(html)
    browser.grab().save(str(target))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/render-shots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        for path in _write_library(Path(folder)):
            article = load_article(path)
            for theme in THEMES:
                result = render_article(article, theme=theme, locale="zh_CN", cache_dir=folder)
                target = args.out / f"{path.stem}-{theme}.png"
                _shoot(result.html, theme, target)
                print(f"{target}  blocked={len(result.blocked_remote)}", end="")
                print(f"  local={len(result.local_images)}")
    del app


if __name__ == "__main__":
    main()

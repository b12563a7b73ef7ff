"""Regenerates the two windows-1256 pages of the test web: python tests/data/site/make_legacy.py

The text is kept here as UTF-8 so it can be read and edited; the pages on disk are windows-1256
bytes, the way older Arabic news sites still publish. `legacy-1256.html` declares its charset
nowhere in the HTML (only the HTTP header from _routes.toml names it); `legacy-meta.html` declares
it only in `<meta charset>` and is served as plain `text/html`.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
{charset_meta}<title>{title} :: عالم التقنية</title>
<link rel="canonical" href="{{{{BASE}}}}{path}">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{author}">
<link rel="stylesheet" href="/ar/css/old-style.css">
</head>
<body>
<div id="header"><a href="/ar/">عالم التقنية</a> |
<a href="/ar/ai/">الذكاء الاصطناعي</a> | <a href="/ar/apps/">التطبيقات</a> |
<a href="/ar/archive/">الأرشيف</a></div>
<div id="wrapper">
<div id="main">
<h1>{title}</h1>
<div class="byline">كتب: {author} - {human}</div>
<div id="article-text">
{body}
</div>
</div>
<div id="side">
<b>أخبار ذات صلة</b><br>
<a href="/ar/2024/11/sora-leak-hugging-face.html">تسريب Sora عبر Hugging Face</a><br>
<a href="/ar/legacy-1256.html">OpenAI تغلق الوصول إلى Sora</a><br>
<a href="/ar/legacy-meta.html">رسالة مختبري Sora</a>
</div>
</div>
<div id="footer">جميع الحقوق محفوظة لموقع عالم التقنية 2024 |
<a href="/ar/contact/">اتصل بنا</a></div>
</body>
</html>
"""

PAGES: list[dict[str, Any]] = [
    dict(
        path="/ar/legacy-1256.html",
        charset_meta="",
        title="OpenAI تغلق الوصول إلى Sora بعد ثلاث ساعات من التسريب",
        author="خالد العمري", published="2024-11-27T10:00:00+03:00", human="27 نوفمبر 2024",
        paras=[
            "أوقفت شركة OpenAI مساء الثلاثاء الواجهة التي سرّبها عدد من المختبرين لأداة توليد "
            "الفيديو Sora، وذلك بعد نحو ثلاث ساعات فقط من نشرها على منصة Hugging Face.",
            "وأكدت الشركة أنها علّقت مؤقتًا وصول جميع المشاركين في برنامج الاختبار المبكر، ريثما "
            "تتحقق من الطريقة التي استُخدمت بها رموز الوصول الخاصة بالفنانين.",
            "وكانت الواجهة المسرّبة قد سمحت لمئات المستخدمين بتجربة الأداة، التي أعلنت عنها "
            "الشركة في فبراير الماضي ولم تتحها للجمهور حتى الآن.",
            "ويرى محللون أن الحادثة تضع الشركة، التي تُقدّر قيمتها بنحو 157 مليار دولار، في موقف "
            "حرج أمام منافسين أطلقوا أدوات مشابهة للجمهور هذا العام.",
        ],
    ),
    dict(
        path="/ar/legacy-meta.html",
        charset_meta='<meta charset="windows-1256">\n',
        title="«الفنانون ليسوا قسم بحث وتطوير مجانيًا»: رسالة مختبري Sora إلى OpenAI",
        author="منى الشريف", published="2024-11-27T16:45:00+03:00", human="27 نوفمبر 2024",
        paras=[
            "نشر المختبرون الذين سرّبوا أداة Sora رسالة مفتوحة بعنوان «الفنانون ليسوا قسم بحث "
            "وتطوير مجانيًا»، شرحوا فيها أسباب خطوتهم وما ينتظرونه من الشركة.",
            "وتقول الرسالة إن مئات الفنانين قدّموا لشركة OpenAI عملًا غير مدفوع الأجر في اختبار "
            "الأداة والإبلاغ عن أخطائها، بينما حصل عدد محدود منهم فقط على فرصة عرض أعمالهم.",
            "واتهم الموقعون الشركة بممارسة ما سمّوه «الغسيل الفني»، أي استخدام أسماء الفنانين "
            "لتلميع صورة المنتج، ووصفوا البرنامج بأنه حملة علاقات عامة أكثر منه تعاونًا إبداعيًا.",
            "وأكد أصحاب الرسالة أنهم لا يعارضون استخدام الذكاء الاصطناعي في الفن، لكنهم يطالبون "
            "بأجر عادل وبشفافية أكبر في تعامل الشركات مع المبدعين.",
        ],
    ),
]


def render(page: dict[str, Any]) -> bytes:
    body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in page["paras"])
    text = PAGE.format(body=body, **{k: v for k, v in page.items() if k != "paras"})
    # strict: a character windows-1256 lacks must fail here, not turn into "?" in a fixture
    return text.encode("cp1256")


def main() -> None:
    for page in PAGES:
        out = HERE / page["path"].lstrip("/")
        out.write_bytes(render(page))
        print(f"wrote {out.relative_to(HERE)} ({out.stat().st_size} bytes, windows-1256)")


if __name__ == "__main__":
    main()

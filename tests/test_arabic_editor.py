"""Arabic an editor would sign (issue 12): the catalog's wording, its counted forms, the menus'
accelerators, digits, and how much of the Arabic comes back out of the PDFs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter

import pytest
from babel.messages.pofile import read_po

from helpers import DATA, ROOT, SAMPLES, load_json
from sitrep import formatting
from sitrep.render import labels
from sitrep.contract.documents import load_document, parse_incident
from sitrep.flash_update.pdf import as_report, options_for, render_flash_update
from sitrep.i18n import gettext_for, ngettext_for
from sitrep.contract.public_profile import public_report
from sitrep.flash_update.layout import default_layout
from sitrep.settings import Settings
from sitrep.situation_report import sentences, texts
from textcheck import arabic_html_text, normalize, pdf_text, recovered_share, words


ARABIC_PO = ROOT / "locale" / "ar" / "LC_MESSAGES" / "sitrep.po"
COUNTS = (0, 1, 2, 3, 10, 11, 100, 101)
TANWEEN = re.compile("[\u064b-\u064d]")
SHORT_VOWELS = re.compile("[\u064b-\u0650\u0652]")  # tanween, fatha, damma, kasra, sukun (shadda allowed)
MARK = "\u0610-\u061a\u064b-\u065f\u0670"
MARKED_FIRST_LETTER = re.compile(f"(?<![\\w{MARK}])\\w[{MARK}]")  # a mark on a word's first letter


def arabic_messages():
    with ARABIC_PO.open("rb") as handle:
        return [message for message in read_po(handle, locale="ar") if message.id]


def forms(message) -> list[str]:
    return list(message.string) if message.pluralizable else [message.string]


def msgid(message) -> str:
    return message.id[0] if message.pluralizable else message.id


# The catalog as a whole


def test_msgfmt_check_passes_on_the_arabic_catalog(tmp_path):
    """GNU msgfmt -c: the header, the plural forms and every {placeholder} of every message."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt is not installed (Debian package gettext, listed in scripts/system-deps.sh)")
    result = subprocess.run(["msgfmt", "-c", "-o", str(tmp_path / "sitrep.mo"), str(ARABIC_PO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr, result.stderr


def test_no_counted_form_carries_tanween():
    """مرفقًا، شخصًا: PDF text layers split such words on copy-out, and docs/arabic.md forbids it."""
    counted = [m for m in arabic_messages() if m.pluralizable]
    assert len(counted) > 20
    for message in counted:
        for index, form in enumerate(forms(message)):
            assert not TANWEEN.search(form), (msgid(message), index, form)


def test_catalog_arabic_carries_no_short_vowels():
    """No harakat or tanween in our own wording (shadda is allowed, never on a first letter)."""
    for message in arabic_messages():
        for form in forms(message):
            assert not SHORT_VOWELS.search(form), (msgid(message), form)
            assert not MARKED_FIRST_LETTER.search(form), (msgid(message), form)


def test_every_facility_is_a_munshaa():
    """One term for "facility" (منشأة، منشأتان، منشآت), never مرفق صحي, across the whole catalog."""
    facility = re.compile(r"facilit", re.IGNORECASE)
    checked = 0
    for message in arabic_messages():
        for form in forms(message):
            assert not re.search(r"(^|\W)(ال)?(مرفق|مرافق)", form), (msgid(message), form)
        if facility.search(msgid(message)):
            checked += 1
            for form in forms(message):
                assert re.search("منشأ|منشآت", form), (msgid(message), form)
    assert checked >= 12


@pytest.mark.parametrize("other, chosen", [
    ("الإنجليزية", "الإنكليزية"),
    ("عقد البيانات", "صيغة البيانات المعتمدة"),
    ("ضربة ثانية", "ضربة متكررة"),
])
def test_one_term_per_concept(other, chosen):
    strings = [form for message in arabic_messages() for form in forms(message)]
    assert not [form for form in strings if other in form]
    assert len([form for form in strings if chosen in form]) >= 2


@pytest.mark.parametrize("english, arabic", [
    ("Profile", "مستوى النشر"),
    ("Public", "للنشر العام"),
    ("Internal", "للاستخدام الداخلي"),
    ("Breakdowns", "تفصيل الأرقام"),
    ("Over time, per month", "التوزيع الزمني، شهريا"),
    ("Militarization", "عسكرة المنشأة"),
    ("Health warehouse", "مستودع طبي"),
    ("Rocket attack", "قصف صاروخي"),
    ("May be published", "يمكن نشرها"),
    ("Narrative", "وصف الحادثة"),
    ("D&uplicate", "&استنساخ"),
    ("Destroyed", "دمار كامل"),
    ("Functioning", "في الخدمة"),
    ("Partly functioning", "في الخدمة جزئيا"),
    ("Operated by {operator}", "بإدارة {operator}"),
    ("Written: {path}", "تمت الكتابة: {path}"),
    ("Saved: {id}", "تم الحفظ: {id}"),
    ("Deleted: {id}", "تم الحذف: {id}"),
    ("Restored: {id}", "تمت الاستعادة: {id}"),
    ("Exported: {path}", "تم التصدير: {path}"),
    ("Interrupted.", "تم إيقاف التنفيذ."),
    ("At least {min_length} entry is required.", "يجب ألا يقل عدد الإدخالات عن {min_length}."),
])
def test_wording(english, arabic):
    assert gettext_for("ar", english) == arabic


# Counted forms, for 0, 1, 2, 3, 10, 11, 100 and 101


def ar(n: int) -> str:
    return formatting.number(n, "ar", "arab")


def expected_counts(one, two, few, many, other, zero=None):
    """{n: text} from the forms of Arabic grammar; few/many/other take the number as {n}."""
    table = {1: one, 2: two}
    for n in (3, 10):
        table[n] = few.format(n=ar(n))
    table[11] = many.format(n=ar(11))
    for n in (100, 101):
        table[n] = other.format(n=ar(n))
    table[0] = zero if zero is not None else other.format(n=ar(0))
    return table


COUNTED_PHRASES = {
    "N_HEALTH_FACILITIES": expected_counts("منشأة صحية واحدة", "منشأتان صحيتان", "{n} منشآت صحية",
                                           "{n} منشأة صحية", "{n} منشأة صحية", zero="أي منشأة صحية"),
    "N_CIVIL_DEFENCE_FACILITIES": expected_counts(
        "منشأة واحدة للدفاع المدني", "منشأتان للدفاع المدني", "{n} منشآت للدفاع المدني",
        "{n} منشأة للدفاع المدني", "{n} منشأة للدفاع المدني", zero="أي منشأة للدفاع المدني"),
    "N_INCIDENTS": expected_counts("حادثة واحدة", "حادثتان", "{n} حوادث", "{n} حادثة", "{n} حادثة",
                                   zero="أي حادثة"),
    "N_PEOPLE": expected_counts("شخص واحد", "شخصان", "{n} أشخاص", "{n} شخصا", "{n} شخص", zero="أحد"),
    "N_HEALTH_WORKERS": expected_counts("عامل صحي واحد", "عاملان صحيان", "{n} عاملين صحيين",
                                        "{n} عاملا صحيا", "{n} عامل صحي", zero="أي عامل صحي"),
    "N_CIVIL_DEFENCE_MEMBERS": expected_counts(
        "عنصر واحد من الدفاع المدني", "عنصران من الدفاع المدني", "{n} عناصر من الدفاع المدني",
        "{n} عنصرا من الدفاع المدني", "{n} عنصر من الدفاع المدني", zero="أي عنصر من الدفاع المدني"),
}


@pytest.mark.parametrize("name", sorted(COUNTED_PHRASES))
@pytest.mark.parametrize("n", COUNTS)
def test_counted_phrases(name, n):
    assert sentences.counted(getattr(texts, name), n, "ar", "arab") == COUNTED_PHRASES[name][n]


# Key-figure labels: the number is printed large above them, so the label is the noun alone.
BOX_LABELS = {
    "KILLED_N": expected_counts("قتيل", "قتيلان", "قتلى", "قتيلا", "قتيل"),
    "INJURED_N": expected_counts("جريح", "جريحان", "جرحى", "جريحا", "جريح"),
    "FACILITIES_N": expected_counts("منشأة مستهدفة", "منشأتان مستهدفتان", "منشآت مستهدفة", "منشأة مستهدفة",
                                    "منشأة مستهدفة"),
    "OUT_OF_SERVICE_N": expected_counts("منشأة خارج الخدمة", "منشأتان خارج الخدمة", "منشآت خارج الخدمة",
                                        "منشأة خارج الخدمة", "منشأة خارج الخدمة"),
    "BOX_FACILITIES": expected_counts("منشأة مستهدفة", "منشأتان مستهدفتان", "منشآت مستهدفة",
                                      "منشأة مستهدفة", "منشأة مستهدفة"),
    "BOX_HEALTH_WORKERS_KILLED": expected_counts(
        "قتيل من العاملين الصحيين", "قتيلان من العاملين الصحيين", "قتلى من العاملين الصحيين",
        "قتيلا من العاملين الصحيين", "قتيل من العاملين الصحيين"),
    # 11-99: not "عنصرا دفاع مدني قتيلا", which reads as a dual.
    "BOX_CIVIL_DEFENCE_KILLED": expected_counts(
        "قتيل من عناصر الدفاع المدني", "قتيلان من عناصر الدفاع المدني", "قتلى من عناصر الدفاع المدني",
        "قتيلا من عناصر الدفاع المدني", "قتيل من عناصر الدفاع المدني"),
}


@pytest.mark.parametrize("name", sorted(BOX_LABELS))
@pytest.mark.parametrize("n", COUNTS)
def test_key_figure_labels(name, n):
    message = getattr(labels, name, None) or getattr(texts, name)
    assert ngettext_for("ar", *message, n) == BOX_LABELS[name][n]


KILLED = {0: "لم يلق أحد حتفه.", 1: "لقي شخص واحد حتفه.", 2: "لقي شخصان حتفهما.",
          **{n: f"لقي {ar(n)} {noun} حتفهم." for n, noun in
             ((3, "أشخاص"), (10, "أشخاص"), (11, "شخصا"), (100, "شخص"), (101, "شخص"))}}
INJURED = {0: "لم يصب أحد بجروح.", 1: "أصيب شخص واحد بجروح.", 2: "أصيب شخصان بجروح.",
           **{n: f"أصيب {ar(n)} {noun} بجروح." for n, noun in
              ((3, "أشخاص"), (10, "أشخاص"), (11, "شخصا"), (100, "شخص"), (101, "شخص"))}}


@pytest.mark.parametrize("n", COUNTS)
def test_killed_and_injured_cannot_read_as_active(n):
    """"قتل ٢٢ شخصا" reads as "he killed 22 people"; لقي … حتفهم cannot."""
    assert sentences.sentence(texts.S_KILLED, texts.N_PEOPLE, n, "ar", "arab") + "." == KILLED[n]
    assert sentences.sentence(texts.S_INJURED, texts.N_PEOPLE, n, "ar", "arab") + "." == INJURED[n]


@pytest.mark.parametrize("n", COUNTS)
def test_facilities_attacked_take_a_feminine_verb(n):
    text = sentences.sentence(texts.S_HEALTH_ATTACKED, texts.N_HEALTH_FACILITIES, n, "ar", "arab")
    assert text == (f"لم تتعرض {COUNTED_PHRASES['N_HEALTH_FACILITIES'][0]} للهجوم" if n == 0
                    else f"تعرضت {COUNTED_PHRASES['N_HEALTH_FACILITIES'][n]} للهجوم")


# The menus


def mnemonics(texts_: list[str]) -> list[str]:
    found = []
    for text in texts_:
        plain = text.replace("&&", "")
        assert plain.count("&") <= 1, text
        if "&" in plain:
            found.append(plain[plain.index("&") + 1])
    return found


def menu_texts(window) -> dict[str, list[str]]:
    menus = {"menu bar": [action.text() for action in window.menuBar().actions()]}
    for action in window.menuBar().actions():
        menus[action.text()] = [a.text() for a in action.menu().actions() if not a.isSeparator()]
    return menus


def test_accelerators_are_unique_in_every_arabic_menu(make_window):
    window = make_window("en")
    english = list(menu_texts(window).values())
    window.set_language("ar")
    arabic = list(menu_texts(window).values())
    assert len(arabic) == len(english) >= 4
    for arabic_menu, english_menu in zip(arabic, english):
        letters = mnemonics(arabic_menu)
        assert len(letters) == len(mnemonics(english_menu)), arabic_menu  # none lost in translation
        assert all("\u0621" <= letter <= "\u064a" for letter in letters), arabic_menu  # typed on an Arabic keyboard
        repeated = [letter for letter, times in Counter(letters).items() if times > 1]
        assert not repeated, (arabic_menu, repeated)


def test_the_count_under_the_log_is_not_cut_at_the_window_edge(make_window):
    window = make_window("ar")
    window.store.add(load_document(SAMPLES / "kafr-naha-field-hospital.json"))
    window.store.add(load_document(SAMPLES / "atarib-civil-defence.json"))
    window.store.add(load_document(DATA / "third_party_incident.json"))
    window.reload_log()
    window.log.apply_filters()
    label = window.log.count
    assert label.text() == "3 حوادث معروضة"
    box = label.contentsRect()
    assert label.fontMetrics().horizontalAdvance(label.text()) <= box.width()
    right = label.mapTo(window, box.topRight()).x()
    left = label.mapTo(window, box.topLeft()).x()
    assert 4 <= left and right <= window.width() - 5  # the text's box keeps clear of both window edges


# Digits


def test_latin_digits_by_default_and_typed_text_as_typed(kafr_naha):
    assert Settings().digits == "latn"
    incident = parse_incident(kafr_naha)
    data, _, _ = render_flash_update(incident, digits=Settings().digits, languages="ar")
    text = normalize(pdf_text(data))
    assert not any("٠" <= ch <= "٩" for ch in text)
    assert "التاريخ والوقت 7 أيار 2016" in text  # what sitrep writes: the incident's date
    assert "في 7 أيار/مايو 2016 أصابت" in text  # what the officer typed
    # Arabic-Indic digits, when chosen, apply to what sitrep writes, never to what the user typed.
    data, _, _ = render_flash_update(incident, digits="arab", languages="ar")
    text = normalize(pdf_text(data))
    assert "التاريخ والوقت ٧ أيار ٢٠١٦" in text
    assert "في 7 أيار/مايو 2016 أصابت" in text


# Copy-out


def first_letter_marked(text: str) -> set[str]:
    """Words typed with a mark on their first letter (يُضرب، قُتل): PDFium splits them after that
    letter, whatever we do (docs/arabic.md). Normalized, as recovered_share compares them."""
    return {normalize(word) for word in re.findall(f"[\\w{MARK}]+", text) if MARKED_FIRST_LETTER.match(word)}


@pytest.mark.parametrize("sample", sorted(path.name for path in SAMPLES.glob("*.json")))
@pytest.mark.parametrize("languages", ["ar+en", "ar"])
def test_arabic_copies_out_through_pdfium(sample, languages):
    """All the Arabic of the document, our wording and the user's text, through PDFium (Chrome)."""
    document = load_document(SAMPLES / sample)
    report = as_report(document)
    options = options_for(report, languages=languages)
    html, _ = default_layout().html(public_report(report, options.profile), options)
    source = arabic_html_text(html)
    data, _, _ = render_flash_update(document, languages=languages)
    extracted = pdf_text(data)
    typed = "\n".join(str(value) for value in _strings(load_json(SAMPLES / sample)))
    set_aside = first_letter_marked(source)
    assert set_aside <= first_letter_marked(typed), "a mark on a first letter in our own wording"
    kept = " ".join(word for word in words(source) if word not in set_aside)
    assert len(words(kept)) > 100
    assert recovered_share(kept, extracted) >= 0.99
    assert recovered_share(source, extracted) >= 0.98  # the typed words set aside above included


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_no_kerning_keeps_arabic_words_whole_for_poppler(tmp_path):
    """Amiri's kerning made poppler (Evince, pdftotext) read "جو ية": 95.5% of the Kafr Naha narrative
    came back before issue 12, 100% without kerning (docs/benchmarks.md)."""
    document = load_document(SAMPLES / "kafr-naha-field-hospital.json")
    data, _, _ = render_flash_update(document)
    path = tmp_path / "update.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert recovered_share(document.narrative.ar, text) >= 0.98


@pytest.mark.parametrize("languages", ["ar", "ar+en"])
def test_no_middle_dot_in_arabic_text_of_a_pdf(languages):
    """In Amiri "·" looks like the digit zero: "عام · صفحة" read as "عام ٠ صفحة" (issue 12, item 1)."""
    import json

    from helpers import DATA
    from sitrep.contract.documents import parse_incident
    from sitrep.flash_update.pdf import render_flash_update
    from textcheck import pdf_text

    incident = parse_incident(json.loads((DATA / "third_party_incident.json").read_text(encoding="utf-8")))
    pdf, _, _ = render_flash_update(incident, languages=languages, profile="internal")
    text = pdf_text(pdf)
    # The English footer keeps its "·"; none may stand beside Arabic words or digits.
    assert re.search("[\u0600-\u06ff]", text)
    assert not re.findall("[\u0600-\u06ff]\\s*·|·\\s*[\u0600-\u06ff]", text)


def test_coordinates_in_an_arabic_cell_keep_their_order():
    """Issue 12, item 6: unisolated, an Arabic cell printed the pair as "36.93000 ,36.19000".
    Checked where the glyphs stand on the page (text extraction reorders a right-to-left line)."""
    import json

    import pypdfium2

    from helpers import SAMPLES
    from sitrep.contract.documents import parse_incident
    from sitrep.flash_update.pdf import render_flash_update

    data = json.loads((SAMPLES / "kafr-naha-field-hospital.json").read_text(encoding="utf-8"))
    data["location"].update(lat=36.19, lon=36.93)
    pdf, _, _ = render_flash_update(parse_incident(data), languages="ar", profile="internal")
    page = pypdfium2.PdfDocument(pdf)[0].get_textpage()

    def left_of(text: str) -> float:
        found = page.search(text).get_next()
        assert found, text
        return page.get_charbox(found[0])[0]

    assert left_of("36.19000") < left_of("36.93000")
    assert left_of("36.93000") - left_of("36.19000") < 80  # side by side, one pair


def test_the_annex_prints_each_date_in_both_languages(tmp_path):
    """Issue 12, item 8: the annex's date column was English only in a side-by-side report."""
    import datetime as dt

    from helpers import SAMPLES
    from sitrep.contract.documents import load_document
    from sitrep.situation_report.pipeline import ReportRequest, build_report
    from textcheck import normalize, pdf_text

    incidents = [load_document(SAMPLES / "kafr-naha-field-hospital.json")]
    request = ReportRequest(start=dt.date(2016, 5, 1), end=dt.date(2016, 5, 31), languages="ar+en",
                            digits="arab", cache_dir=None)
    text = normalize(pdf_text(build_report(request, incidents).data))
    assert "7 May 2016" in text and normalize("٧ أيار ٢٠١٦") in text


def test_english_notes_in_an_arabic_only_pdf_keep_their_direction():
    """Issue 12, item 6: an English internal note printed in an Arabic-only PDF had its full stop
    flipped to the left; typed text now takes the direction of its first strong letter."""
    import pypdfium2

    from helpers import SAMPLES
    from sitrep.contract.documents import load_document
    from sitrep.flash_update.pdf import render_flash_update
    from sitrep.formatting import text_direction

    assert [text_direction(t) for t in ("Single source.", "مصدر واحد.", "«غارة» at 10:30", "12:30", "")] == [
        "ltr", "rtl", "rtl", "ltr", "ltr"]
    incident = load_document(SAMPLES / "kafr-naha-field-hospital.json")
    incident = incident.model_copy(update={"internal_notes": "Call the hospital director."})  # one short line
    pdf, _, _ = render_flash_update(incident, languages="ar", profile="internal")
    page = pypdfium2.PdfDocument(pdf)[0]
    text = page.get_textpage()
    found = text.search("Call the hospital").get_next()
    assert found and text.get_charbox(found[0])[0] < page.get_width() / 3  # starts at the left margin


def test_render_of_a_file_that_names_no_digits_prints_latin_digits(kafr_naha, tmp_path):
    """`sitrep render FILE` without --digits used to print Arabic-Indic digits while the app and the
    situation report print Latin ones: the report file's default is Latin now (docs/data-contract.md)."""
    from helpers import run_cli
    from textcheck import normalize, pdf_text

    source = tmp_path / "incident.json"
    source.write_text(json.dumps(kafr_naha, ensure_ascii=False), encoding="utf-8")
    output = tmp_path / "out.pdf"
    assert run_cli("render", str(source), "-o", str(output), "--languages", "ar").returncode == 0
    text = normalize(pdf_text(output.read_bytes()))
    assert "التاريخ والوقت 7 أيار 2016" in text and not any("٠" <= ch <= "٩" for ch in text)
    assert run_cli("render", str(source), "-o", str(output), "--languages", "ar", "--digits", "arab").returncode == 0
    assert "التاريخ والوقت ٧ أيار ٢٠١٦" in normalize(pdf_text(output.read_bytes()))


def test_the_annex_names_the_noun_its_certainty_agrees_with():
    """مؤكد after غارة جوية (feminine) disagrees; the annex says حادثة مؤكدة, whatever the attack."""
    import datetime as dt

    from helpers import SAMPLES
    from sitrep.contract.documents import load_document
    from sitrep.situation_report.pipeline import ReportRequest, build_report
    from textcheck import normalize, pdf_text

    incidents = [load_document(SAMPLES / "kafr-naha-field-hospital.json")]
    request = ReportRequest(start=dt.date(2016, 5, 1), end=dt.date(2016, 5, 31), languages="ar", cache_dir=None)
    text = " ".join(normalize(pdf_text(build_report(request, incidents).data)).split())
    assert incidents[0].certainty == "probable"
    assert "غارة جوية، حادثة مرجحة" in text


def test_a_path_in_an_arabic_sentence_is_isolated_left_to_right(make_window, tmp_path):
    """Without an isolate the bidi algorithm moves a path's slashes ("home// officer/.local")."""
    from PySide6.QtWidgets import QLabel

    from gui.wipe_dialog import WipeDialog
    from sitrep.formatting import as_path

    window = make_window("ar")
    dialog = WipeDialog(window.ui, tmp_path / "data", window)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any(as_path(tmp_path / "data") in text for text in texts), texts
    dialog.close()

"""Text and markdown ingestion: encodings, legacy Vietnamese fonts, markup."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from extract.errors import IngestError
from extract.ingest import ingest, legacy
from extract.rules import rules_dir

from conftest import SEEDS

# --------------------------------------------------------------------------
# sample text: plan-like sentences, every tone on every vowel, capitals

PLAN = """ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI
Số: 125/KH-UBND
Quảng Ngãi, ngày 15 tháng 3 năm 2024
KẾ HOẠCH
Thực hiện Nghị quyết số 12/NQ-HĐND ngày 08 tháng 12 năm 2023 của Hội đồng nhân dân tỉnh
I. MỤC ĐÍCH, YÊU CẦU
1. Ủy ban nhân dân tỉnh Quảng Ngãi ban hành Kế hoạch thực hiện Nghị quyết số 12/NQ-HĐND về phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh năm 2024.
2. Sở Tài chính chủ trì, phối hợp với Sở Kế hoạch và Đầu tư, các sở, ban, ngành và Ủy ban nhân dân các huyện, thị xã, thành phố tổ chức triển khai; hoàn thành trước ngày 30/6/2024.
3. Những người được giao nhiệm vụ phải kiểm tra, giám sát thường xuyên; kịp thời báo cáo kết quả, khó khăn, vướng mắc về Văn phòng Ủy ban nhân dân tỉnh để tổng hợp.
4. Lãnh đạo các cơ quan, đơn vị chỉ đạo chặt chẽ, rõ ràng; sẵn sàng hỗ trợ, giúp đỡ, hướng dẫn thanh niên, trẻ em khẳng định mình trong lĩnh vực chuyển đổi số; cũng cần chuẩn bị kỹ lưỡng, dễ hiểu.
5. Nâng cao kỷ luật, kỷ cương; chú ý thực hiện đúng quy định về phòng, chống thiên tai, dịch bệnh; xử lý nghiêm vi phạm, không để xảy ra tình trạng chậm trễ, lãng phí, tiêu cực; ưu tiên sửa chữa đường, cầu, kênh mương ở xã Ỷ La, ấp Ổn Định.
6. Ông Nguyễn Văn Ẩn, Trưởng ban Quản lý dự án, báo cáo kết quả trước ngày 15 tháng 12 năm 2024./.
II. TỔ CHỨC THỰC HIỆN
Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh phối hợp; những vướng mắc, phát sinh (nếu có) báo cáo Ủy ban nhân dân tỉnh.
"""

# the same text as TCVN3 gives it back: toned capitals inside a sentence have
# no code of their own and stay lowercase (legacy.py, rules/encodings/tcvn3.tsv)
PLAN_FROM_TCVN3 = (
    PLAN.replace("xã Ỷ La, ấp Ổn Định", "xã ỷ La, ấp ổn Định")
    .replace("Ông Nguyễn Văn Ẩn", "Ông Nguyễn Văn ẩn")
    .replace("Sở Kế hoạch và Đầu tư, các sở, ban, ngành và Ủy ban", "Sở Kế hoạch và Đầu tư, các sở, ban, ngành và ủy ban")
    .replace("về Văn phòng Ủy ban", "về Văn phòng ủy ban")
    .replace("Đề nghị Ủy ban Mặt trận", "Đề nghị ủy ban Mặt trận")
    .replace("báo cáo Ủy ban nhân dân tỉnh.", "báo cáo ủy ban nhân dân tỉnh.")
)

ALL_LOWER = "aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ đ"
VIETNAMESE_LETTERS = {c for c in ALL_LOWER if not c.isascii() and c != " "}
VIETNAMESE_LETTERS |= {c.upper() for c in VIETNAMESE_LETTERS}


def to_tcvn3(text: str) -> bytes:
    """Unicode -> TCVN3 bytes through the inverse of the rules table; a toned
    capital is written with its lowercase code, as .VnTimeH users typed it."""
    inv = {v: k for k, v in legacy.table("tcvn3").items()}
    out = []
    for ch in text:
        if ch in inv:
            out.append(inv[ch])
        elif not ch.isascii() and ch.lower() in inv:
            out.append(inv[ch.lower()])
        else:
            assert ch.isascii(), f"no TCVN3 code for {ch!r}"
            out.append(ch)
    return "".join(out).encode("cp1252")


def to_vni(text: str) -> bytes:
    inv = {v: k for k, v in legacy.table("vni").items()}
    out = []
    for ch in text:
        if ch in inv:
            out.append(inv[ch])
        else:
            assert ch.isascii(), f"no VNI code for {ch!r}"
            out.append(ch)
    return "".join(out).encode("cp1252")


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: base letters (â ê ô ơ ư ă đ precomposed) + combining tone marks."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        nfd = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in nfd if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def write(tmp_path, name: str, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.fixture(scope="module")
def plan_text(tmp_path_factory) -> str:
    """PLAN ingested from UTF-8: the normalized text every encoding must give."""
    p = tmp_path_factory.mktemp("ref") / "plan.txt"
    p.write_bytes(PLAN.encode("utf-8"))
    return ingest(p).text


@pytest.fixture(scope="module")
def plan_from_tcvn3_text(tmp_path_factory) -> str:
    p = tmp_path_factory.mktemp("ref") / "plan.txt"
    p.write_bytes(PLAN_FROM_TCVN3.encode("utf-8"))
    return ingest(p).text


# --------------------------------------------------------------------------
# the tables


def _rows(name):
    for raw in (rules_dir() / "encodings" / name).read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            yield raw.split("\t")


@pytest.mark.parametrize("name", ["tcvn3.tsv", "vni.tsv"])
def test_table_columns_agree(name):
    for cells in _rows(name):
        shown = bytes.fromhex(cells[0]).decode("cp1252")
        assert cells[1] == shown or (shown == "\xad" and cells[1] == "(soft hyphen)"), cells
        assert unicodedata.is_normalized("NFC", cells[2]) and len(cells[2]) == 1, cells


def test_tcvn3_table_covers_lowercase_and_the_seven_capitals():
    values = set(legacy.table("tcvn3").values())
    lower = {c for c in VIETNAMESE_LETTERS if c.islower()}
    assert values == lower | set("ĂÂÊÔƠƯĐ")
    assert len(legacy.table("tcvn3")) == 74


def test_vni_table_covers_every_letter_both_cases():
    assert set(legacy.table("vni").values()) == VIETNAMESE_LETTERS
    assert len(legacy.table("vni")) == 134
    assert legacy.table("vni")["aù"] == "á" and legacy.table("vni")["UÛ"] == "Ủ"


def test_every_letter_round_trips():
    # each letter in a syllable ("ằm"), so that the result is Vietnamese
    words = " ".join(("k" if c in "yỳýỷỹỵ" else "t") + c + ("" if c in "yỳýỷỹỵ" else "n") for c in ALL_LOWER[:-1].replace(" ", ""))
    words += " đa"
    assert all(legacy.is_syllable(w) for w in words.split())
    assert legacy.convert(to_tcvn3(words).decode("cp1252"), "tcvn3") == words
    for text in (words, words.upper()):
        assert legacy.convert(to_vni(text).decode("cp1252"), "vni") == text


# --------------------------------------------------------------------------
# known-good legacy strings from public sources (not made with our tables)

# TrizenX/viparse, tests/test_encoding_tables.py: "Phrases lifted verbatim from
# Vietnamese government documents published 1998–2009, with their correct reading"
TCVN3_PUBLIC = [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
    ("C¨n cø NghÞ ®Þnh sè 15/CP", "Căn cứ Nghị định số 15/CP"),
    ("quyÕt ®Þnh cña Bé tr\u00adëng Bé Tµi chÝnh", "quyết định của Bộ trưởng Bộ Tài chính"),
    ("ng\u00adêi cã c«ng víi c¸ch m¹ng", "người có công với cách mạng"),
    ("§Ò nghÞ h\u00adëng trî cÊp mét lÇn", "Đề nghị hưởng trợ cấp một lần"),
    ("Th«ng t\u00ad h\u00adíng dÉn thùc hiÖn", "Thông tư hướng dẫn thực hiện"),
    ("§¡NG Ký KINH DOANH", "ĐĂNG KÝ KINH DOANH"),
    ("¤ng TrÇn Du", "Ông Trần Du"),
    # duydev/vietnamese-conversion, tests/helpers/test-data.ts
    ("Xin chµo c¸c b¹n", "Xin chào các bạn"),
    ("T«i ®i häc", "Tôi đi học"),
]
VNI_PUBLIC = [
    # TrizenX/viparse, tests/test_encoding_tables.py ("phrases quoted from the
    # VNI documents in viparse-corpus")
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ("UÛY BAN NHAÂN DAÂN TÆNH", "ỦY BAN NHÂN DÂN TỈNH"),
    ("Caên cöù Luaät Toå chöùc HÑND vaø UBND", "Căn cứ Luật Tổ chức HĐND và UBND"),
    ("quyeát ñònh naøy coù hieäu löïc", "quyết định này có hiệu lực"),
    ("nghæ maát söùc", "nghỉ mất sức"),
    # duydev/vietnamese-conversion, README.md and tests/helpers/test-data.ts
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("Toâi ñi hoïc", "Tôi đi học"),
    # the brief's examples; "Uûy": a lowercase modifier after a capital base
    ("Vieät Nam", "Việt Nam"),
    ("Uûy ban", "Ủy ban"),
]


@pytest.mark.parametrize(("legacy_text", "expected"), TCVN3_PUBLIC)
def test_tcvn3_public_strings(legacy_text, expected):
    assert legacy.convert(legacy_text, "tcvn3") == expected


@pytest.mark.parametrize(("legacy_text", "expected"), VNI_PUBLIC)
def test_vni_public_strings(legacy_text, expected):
    assert legacy.convert(legacy_text, "vni") == expected


def test_public_strings_are_detected():
    assert legacy.detect("\n".join(s for s, _ in TCVN3_PUBLIC)) == "tcvn3"
    assert legacy.detect("\n".join(s for s, _ in VNI_PUBLIC)) == "vni"
    # the Ministry of Finance decision of November 2002 quoted in
    # TrizenX/viparse-corpus (docs), read as Latin-1: a heading typed in
    # lowercase for the .VnTimeH font stays lowercase
    mof = "bé tµi chÝnh          céng hoµ x· héi chñ nghÜa ViÖt nam\nHµ néi, ngµy 22 th¸ng 11 n¨m 2002"
    assert legacy.detect(mof) == "tcvn3"
    assert legacy.convert(mof, "tcvn3") == (
        "bộ tài chính          cộng hoà xã hội chủ nghĩa Việt nam\nHà nội, ngày 22 tháng 11 năm 2002"
    )


# --------------------------------------------------------------------------
# legacy files through ingest()


def test_tcvn3_file(tmp_path, plan_from_tcvn3_text):
    doc = ingest(write(tmp_path, "kh.txt", to_tcvn3(PLAN)))
    assert doc.text == plan_from_tcvn3_text
    assert doc.source.encoding == "cp1252+tcvn3"  # decode() fell back to cp1258; re-read as cp1252
    assert any("tcvn3" in w for w in doc.warnings)
    lines = doc.text.split("\n")
    assert lines[0] == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"  # all-caps line: capitals restored
    assert "Số: 125/KH-UBND" in lines  # "Sè" next to "KH-UBND" is not a caps word
    assert "KẾ HOẠCH" in lines and "I. MỤC ĐÍCH, YÊU CẦU" in lines and "II. TỔ CHỨC THỰC HIỆN" in lines
    assert any(l.startswith("1. Ủy ban nhân dân tỉnh Quảng Ngãi ban hành Kế hoạch") for l in lines)
    assert unicodedata.is_normalized("NFC", doc.text)


def test_tcvn3_saved_again_as_utf8(tmp_path, plan_from_tcvn3_text):
    # someone opened the legacy file as Windows-1252 text and saved it as UTF-8
    data = to_tcvn3(PLAN).decode("cp1252").encode("utf-8")
    doc = ingest(write(tmp_path, "kh.txt", data))
    assert doc.text == plan_from_tcvn3_text
    assert doc.source.encoding == "utf-8+tcvn3"


def test_tcvn3_read_as_cp1258_and_saved_as_utf8(tmp_path, plan_from_tcvn3_text):
    # ... or as Windows-1258 (Vietnamese Windows' ANSI code page): 0xD0 is "Đ"
    # there, "é" in TCVN3; the cp1258 reading is mapped back to the bytes
    data = to_tcvn3(PLAN).decode("cp1258").encode("utf-8")
    doc = ingest(write(tmp_path, "kh.txt", data))
    assert doc.text == plan_from_tcvn3_text
    assert doc.source.encoding == "utf-8(cp1258)+tcvn3"


def test_vni_file(tmp_path, plan_text):
    doc = ingest(write(tmp_path, "kh.txt", to_vni(PLAN)))
    assert doc.text == plan_text  # VNI has every capital: exact
    assert doc.source.encoding == "cp1252+vni"


def test_vni_saved_again_as_utf8_with_bom(tmp_path, plan_text):
    data = codecs.BOM_UTF8 + to_vni(PLAN).decode("cp1252").encode("utf-8")
    doc = ingest(write(tmp_path, "kh.md", data))
    assert doc.text == plan_text
    assert doc.source.encoding == "utf-8-sig+vni" and doc.source.format == "md"


def test_vni_capital_with_lowercase_modifier(tmp_path):
    text = "Uûy ban nhaân daân tænh Quaûng Ngaõi ban haønh Keá hoaïch thöïc hieän Nghò quyeát soá 12/NQ-HÑND.\n"
    doc = ingest(write(tmp_path, "kh.txt", text.encode("cp1252")))
    assert doc.text == "Ủy ban nhân dân tỉnh Quảng Ngãi ban hành Kế hoạch thực hiện Nghị quyết số 12/NQ-HĐND."


def test_mixed_document_keeps_unicode_lines(tmp_path):
    # a document typed partly in a Unicode font, partly in .VnTime
    unicode_line = "Căn cứ Nghị quyết số 12/NQ-HĐND ngày 08 tháng 12 năm 2023 của Hội đồng nhân dân tỉnh."
    legacy_lines = (
        "Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện nghị quyết của Hội đồng nhân dân tỉnh.\n"
        "Sở Tài chính chủ trì, phối hợp với các sở, ngành triển khai thực hiện.\n"
    )
    text = unicode_line + "\n" + to_tcvn3(legacy_lines).decode("cp1252")
    doc = ingest(write(tmp_path, "kh.txt", text.encode("utf-8")))
    assert doc.text == unicode_line + "\n" + legacy_lines.strip()


def test_unconvertible_legacy_file(tmp_path):
    # TCVN3 words mixed with bytes TCVN3 does not define (F0 ð, FF ÿ, C4 Ä)
    good = to_tcvn3("Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện nghị quyết. ").decode("cp1252")
    bad = "ðÿc hÄi sÿð bðÄn ÿÄt chÿðn ðÄm "
    p = write(tmp_path, "kh.txt", (good + bad * 3 + "\n").encode("cp1252"))
    with pytest.raises(IngestError) as e:
        ingest(p)
    assert str(e.value) == (
        f"{p}: uses the legacy Vietnamese font encoding TCVN3 and could not be fully converted; "
        "save it as Unicode (UTF-8)"
    )


def test_capitals_rule():
    assert legacy.convert("KÕ HO¹CH", "tcvn3") == "KẾ HOẠCH"
    assert legacy.convert("Sè: 12/NQ-H§ND", "tcvn3") == "Số: 12/NQ-HĐND"
    assert legacy.convert("UBND TØNH Qu¶ng Ng·i", "tcvn3") == "UBND TỈNH Quảng Ngãi"
    # opening a paragraph / a sentence: no capital code to type, restored
    assert legacy.convert("ñy ban giao:\n- ®Èy m¹nh; ®ång thêi\n®óng h¹n. ®Ò nghÞ", "tcvn3") == (
        "Ủy ban giao:\n- Đẩy mạnh; đồng thời\nđúng hạn. Đề nghị"
    )


def test_convert_all_pieces_of_one_document():
    # e.g. the paragraphs and cells of a DOCX: each piece opens a paragraph
    assert legacy.convert_all(["ñy ban nh©n d©n", "Së Tµi chÝnh", "®Ò nghÞ", "H§ND"], "tcvn3") == [
        "Ủy ban nhân dân", "Sở Tài chính", "Đề nghị", "HĐND"]


def test_readings():
    assert legacy.ansi_reading(b"\x93Vi\xd6t\x94 \x81") == "\u201cVi\u00d6t\u201d \x81"
    assert legacy.from_cp1258_reading("Việt Nam") is None  # ệ: not Windows-1258 output
    assert legacy.from_cp1258_reading("plain ASCII") is None  # both readings agree
    assert legacy.from_cp1258_reading(b"Vi\xd0t".decode("cp1258")) == "Vi\u00d0t"


# --------------------------------------------------------------------------
# not legacy


def test_seeds_are_not_legacy():
    assert SEEDS
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        assert legacy.detect(text) is None, seed.name
        doc = ingest(seed)
        assert doc.source.encoding == "utf-8" and not doc.warnings, seed.name


@pytest.mark.parametrize(
    "text",
    [
        "The Provincial People's Committee issues this plan to implement Resolution No. 12.\n" * 20,
        "Le comité a décidé où et quand: déjà voilà, très bien, naïve façade, être.\n" * 5,
        "Die Behörde prüft für Bürger die Änderungen, schön und groß.\n" * 5,
        PLAN,
        unicodedata.normalize("NFD", PLAN),
        "Céng hoµ x· héi chñ nghÜa: the garbled heading quoted in an article about fonts.\n" + PLAN,
    ],
    ids=["english", "french", "german", "unicode", "unicode-nfd", "quoted-garble"],
)
def test_not_detected(text):
    assert legacy.detect(text) is None


# --------------------------------------------------------------------------
# Unicode encodings


@pytest.mark.parametrize(
    ("name", "data", "encoding"),
    [
        ("utf8.txt", PLAN.encode("utf-8"), "utf-8"),
        ("bom.txt", codecs.BOM_UTF8 + PLAN.encode("utf-8"), "utf-8-sig"),
        ("u16le.txt", codecs.BOM_UTF16_LE + PLAN.encode("utf-16-le"), "utf-16"),
        ("u16be.txt", codecs.BOM_UTF16_BE + PLAN.encode("utf-16-be"), "utf-16"),
        ("u16le-nobom.txt", PLAN.encode("utf-16-le"), "utf-16-le"),
        ("cp1258.txt", to_cp1258(PLAN), "cp1258"),
        ("crlf.txt", PLAN.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_unicode_encodings(tmp_path, plan_text, name, data, encoding):
    doc = ingest(write(tmp_path, name, data))
    assert doc.text == plan_text
    assert doc.source.encoding == encoding and not doc.warnings
    assert unicodedata.is_normalized("NFC", doc.text)


def test_cp1258_is_really_decomposed():
    data = to_cp1258("Việt")
    assert data == b"Vi\xea\xf2t"  # ê + combining dot below (0xF2 in Windows-1258)


# --------------------------------------------------------------------------
# markdown


MD = """| ỦY BAN NHÂN DÂN<br>TỈNH BẮC NINH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc |
|---|---|
| Số: 53/KH-UBND | Bắc Ninh, ngày 12 tháng 4 năm 2024 |

# KẾ HOẠCH

**Triển khai thực hiện Nghị quyết số 12/NQ-HĐND của Hội đồng nhân dân tỉnh**

## I. MỤC ĐÍCH, YÊU CẦU

1. Nâng cao hiệu quả công tác cải cách hành chính.
"""


def test_markdown_export(tmp_path):
    doc = ingest(write(tmp_path, "kh.md", MD.encode("utf-8")))
    assert doc.text.split("\n") == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH BẮC NINH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 53/KH-UBND",
        "Bắc Ninh, ngày 12 tháng 4 năm 2024",
        "KẾ HOẠCH",
        "Triển khai thực hiện Nghị quyết số 12/NQ-HĐND của Hội đồng nhân dân tỉnh",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Nâng cao hiệu quả công tác cải cách hành chính.",
    ]
    assert not any(m in doc.text for m in ("|", "#", "**", "<br>", "---"))
    assert doc.tables == [] and doc.source.format == "md"


def test_markdown_task_table(tmp_path):
    md = (
        "## PHỤ LỤC: NHIỆM VỤ CỤ THỂ\n\n"
        "| STT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
        "|:---:|---|---|---|---:|\n"
        "| 1 | Xây dựng kế hoạch chuyển đổi số | Sở Thông tin và Truyền thông | Các sở, ngành | Quý II/2024 |\n"
        "| 2 | Rà soát thủ tục hành chính | Văn phòng UBND tỉnh | UBND các huyện | Tháng 6/2024 |\n"
    )
    doc = ingest(write(tmp_path, "pl.md", md.encode("utf-8")))
    assert len(doc.tables) == 1
    assert doc.tables[0].rows == [
        ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
        ["1", "Xây dựng kế hoạch chuyển đổi số", "Sở Thông tin và Truyền thông", "Các sở, ngành", "Quý II/2024"],
        ["2", "Rà soát thủ tục hành chính", "Văn phòng UBND tỉnh", "UBND các huyện", "Tháng 6/2024"],
    ]
    assert doc.text.split("\n")[0] == "PHỤ LỤC: NHIỆM VỤ CỤ THỂ"


# --------------------------------------------------------------------------
# not text


def test_binary_garbage(tmp_path):
    p = write(tmp_path, "x.txt", bytes(range(256)) * 64)
    with pytest.raises(IngestError, match="not a text document"):
        ingest(p)


def test_empty_files(tmp_path):
    with pytest.raises(IngestError, match=r"empty file \(0 bytes\)"):
        ingest(write(tmp_path, "empty.txt", b""))
    with pytest.raises(IngestError, match="empty file"):
        ingest(write(tmp_path, "blank.txt", b" \n\r\n\t\n"))


BAR_TABLES = """|
**ỦY BAN NHÂN DÂN**
TỈNH THANH HÓA
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
|
|
Số: 51/KH-UBND
|
*Thanh Hóa, ngày 04 tháng 3 năm 2025*
|
**KẾ HOẠCH**
Phòng, chống dịch bệnh
|
Nơi nhận:
- Như trên;
|
**TM. ỦY BAN NHÂN DÂN**
|
**PHỤ LỤC**
DANH MỤC NHIỆM VỤ
|
**TT**
|
**Nội dung**
|
**Cơ quan chủ trì**
|
**Thời gian**
|
|
**I**
|
**CÔNG TÁC CHỈ ĐẠO**
|
|
1
|
Ban hành kế hoạch
|
Sở Y tế
|
Quý I/2025
|
|
2
|
Kiểm tra, giám sát
|
|
Thường xuyên
|
"""


def test_a_portals_table_written_one_cell_per_run_of_lines():
    from extract.ingest.text import blocks_from_text

    blocks = blocks_from_text(BAR_TABLES)
    tables = [b.rows for b in blocks if b.kind == "table"]
    assert tables[0] == [["**ỦY BAN NHÂN DÂN**\nTỈNH THANH HÓA", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc"],
                         ["Số: 51/KH-UBND", "*Thanh Hóa, ngày 04 tháng 3 năm 2025*"]]
    # the text after a header table, and an appendix heading between two tables, are text
    paras = [b.text for b in blocks if b.kind == "para"]
    assert "**KẾ HOẠCH**" in paras and "**PHỤ LỤC**" in paras
    # a group row spans the columns; an empty cell keeps its place
    assert tables[-1] == [["**TT**", "**Nội dung**", "**Cơ quan chủ trì**", "**Thời gian**"],
                          ["**I**", "**CÔNG TÁC CHỈ ĐẠO**"],
                          ["1", "Ban hành kế hoạch", "Sở Y tế", "Quý I/2025"],
                          ["2", "Kiểm tra, giám sát", "", "Thường xuyên"]]


def test_a_bar_table_cell_rejoins_its_wrapped_lines():
    from extract.ingest.text import blocks_from_text

    text = "|\n**UỶ BAN NHÂN\nDÂN**\nTỈNH LAI CHÂU\n|\n**CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM**\n|\n|\nSố:\n12/KH-UBND\n|\n*Lai Châu, ngày\n19 tháng 11 năm 2025*\n|\n\nKẾ HOẠCH\n"
    rows = next(b.rows for b in blocks_from_text(text) if b.kind == "table")
    assert rows == [["**UỶ BAN NHÂN DÂN**\nTỈNH LAI CHÂU", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**"],
                    ["Số: 12/KH-UBND", "*Lai Châu, ngày 19 tháng 11 năm 2025*"]]


FLAT_TABLE = """PHỤ LỤC
| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp |
| --- | --- | --- | --- |
Thời hạn
1
Tuyên truyền, phổ biến Luật Thủy lợi
a)
Tổ chức hội nghị quán triệt Luật cho cán bộ cấp xã.
Chi cục Thủy lợi
Ủy ban nhân dân các huyện
Quý II/2026
b)
Biên soạn tài liệu hỏi đáp về Luật
Trung tâm Khuyến nông, Chi
Các hội, đoàn thể
Quý III/2026
và phát hành đến các thôn, bản.
cục Thủy lợi
2
Rà soát các công trình thủy lợi xuống cấp.
Chi cục Thủy lợi
Sở Tài chính
Thường xuyên

Trên đây là Kế hoạch triển khai.
"""


def test_table_printed_one_cell_per_line_is_rebuilt():
    from extract.ingest.text import blocks_from_text

    blocks = blocks_from_text(FLAT_TABLE)
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1
    rows = tables[0].rows
    # the header cell the pipe row lost comes back
    assert rows[0] == ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]
    assert rows[1] == ["1", "Tuyên truyền, phổ biến Luật Thủy lợi", "", "", ""]  # a group row
    assert rows[2] == ["a)", "Tổ chức hội nghị quán triệt Luật cho cán bộ cấp xã.", "Chi cục Thủy lợi",
                       "Ủy ban nhân dân các huyện", "Quý II/2026"]
    # a row broken over a page: the rest of its content, then of its lead
    assert rows[3] == ["b)", "Biên soạn tài liệu hỏi đáp về Luật và phát hành đến các thôn, bản.",
                       "Trung tâm Khuyến nông, Chi cục Thủy lợi", "Các hội, đoàn thể", "Quý III/2026"]
    assert rows[4][0] == "2" and rows[4][4] == "Thường xuyên" and len(rows) == 5
    # the text after the blank line is text again
    assert blocks[-1].kind == "para" and blocks[-1].text.startswith("Trên đây")


def test_header_row_alone_without_numbered_cells_stays_a_table():
    from extract.ingest.text import blocks_from_text

    blocks = blocks_from_text("| TT | Họ và tên | Chức vụ |\n|---|---|---|\nDanh sách sẽ bổ sung sau.\n")
    assert [b.kind for b in blocks] == ["table", "para"] and blocks[0].rows == [["TT", "Họ và tên", "Chức vụ"]]


def _layout_plan() -> str:
    items = []
    for k in range(1, 13):
        items.append(f"     {k}. Sở Nông nghiệp và Môi trường chủ trì rà soát các công trình thủy lợi nhóm {k}; bảo đảm an toàn")
        items.append("hồ đập trong mùa mưa lũ.")
        items.append(f"     - Xây dựng phương án phòng, chống lũ cho vùng {k}.")
        items.append("Hoàn thành trước mùa mưa bão hằng năm;")
        items.append("                                        %d" % k)
        items.append("cập nhật bản đồ ngập lụt.")
    return "                    KẾ HOẠCH\n" + "\n".join(items) + "\n"


def test_indented_layout_joins_lines_at_the_margin():
    from extract.ingest.text import blocks_from_text, is_indented_layout

    text = _layout_plan()
    assert is_indented_layout(text.split("\n"))
    paras = [b.text.strip() for b in blocks_from_text(text) if b.kind == "para"]
    # a line at the margin goes on with the item above it, after a ";", and
    # after a "." when the item text goes on ("Hoàn thành …"), over a page number
    assert "1. Sở Nông nghiệp và Môi trường chủ trì rà soát các công trình thủy lợi nhóm 1; bảo đảm an toàn hồ đập trong mùa mưa lũ." in paras
    assert ("- Xây dựng phương án phòng, chống lũ cho vùng 1. Hoàn thành trước mùa mưa bão hằng năm; "
            "cập nhật bản đồ ngập lụt.") in paras
    assert "1" in paras  # the page number stays a line of its own (normalization drops it)


def test_text_with_items_at_the_margin_is_not_indented_layout():
    from extract.ingest.text import is_indented_layout

    lines = []
    for k in range(1, 20):
        lines += [f"{k}. Sở Tư pháp chủ trì tổ chức hội nghị lần {k}.", "Thời gian: Quý II/2025."]
    assert not is_indented_layout(lines)


def test_cells_joined_by_bars_without_the_outer_ones_are_a_table():
    from extract.ingest.text import blocks_from_text

    text = ("ỦY BAN NHÂN DÂN TỈNH YÊN BÁI |  | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 12/KH-UBND |  | Yên Bái, ngày 02 tháng 3 năm 2026\n"
            "\nKẾ HOẠCH\nPhát triển du lịch\n\n"
            "TT | Tên nhiệm vụ | Cơ quan chủ trì | Thời gian\n"
            " | (1) | (2) | (3)\n"
            "1 | Xây dựng bản đồ du lịch | Sở Văn hóa, Thể thao và Du lịch | Quý II/2026\n"
            "Một dòng có | một thanh thôi.\n")
    tables = [b.rows for b in blocks_from_text(text) if b.kind == "table"]
    assert tables[0] == [["ỦY BAN NHÂN DÂN TỈNH YÊN BÁI", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                         ["Số: 12/KH-UBND", "", "Yên Bái, ngày 02 tháng 3 năm 2026"]]
    # the row with an empty first cell keeps its columns in place
    assert tables[1] == [["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian"], ["", "(1)", "(2)", "(3)"],
                         ["1", "Xây dựng bản đồ du lịch", "Sở Văn hóa, Thể thao và Du lịch", "Quý II/2026"]]
    assert len(tables) == 2  # a lone line with a bar is text


def test_closing_laid_out_side_by_side_is_one_row_of_two_cells():
    from extract.ingest.text import blocks_from_text

    text = ("Trên đây là Kế hoạch của Ủy ban nhân dân huyện./.\n\n"
            " Nơi nhận:                                        TM. ỦY BAN NHÂN DÂN\n"
            "- Sở Nội vụ;                                           CHỦ TỊCH\n"
            "- Lưu: VT.\n"
            "                                                     Trần Văn Bình\n"
            "                      PHỤ LỤC\n")
    blocks = blocks_from_text(text)
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows == [["Nơi nhận:\n- Sở Nội vụ;\n- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Văn Bình"]]
    assert blocks[-1].kind == "para" and blocks[-1].text.strip() == "PHỤ LỤC"


def test_inline_enumeration_at_the_margin_continues_the_paragraph():
    from extract.ingest.text import join_margin_lines

    lines = ["       - Sở Công Thương chủ trì các nhiệm vụ. Cụ thể:", "(i) Rà soát các cụm công nghiệp; (ii)",
             "Hỗ trợ doanh nghiệp.", "- Như Điều 3;"]
    assert join_margin_lines(lines) == [
        "       - Sở Công Thương chủ trì các nhiệm vụ. Cụ thể: (i) Rà soát các cụm công nghiệp; (ii) Hỗ trợ doanh nghiệp.",
        "- Như Điều 3;"]


def test_hard_wrapped_header_lines_stand_alone():
    # a hard-wrapped portal text whose header lines are short: the motto, the
    # number and the place/date line are not joined into one paragraph
    from extract.ingest.text import unwrap_lines

    lines = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số:    /KH-UBND",
             "     Gia Lai, ngày   tháng 4 năm 2026", "KẾ HOẠCH", "Phát triển du lịch cộng đồng"]
    assert unwrap_lines(lines) == lines[:5] + ["Phát triển du lịch cộng đồng"]


def test_page_break_in_indented_layout_goes_with_its_number():
    # pdftotext -layout: the page number centred over the blank line of the
    # break; the paragraph left open runs on at the margin of the next page,
    # and a heading is not followed by the number of its page
    from extract.ingest.text import join_margin_lines

    lines = ["      a) Kiểm tra hồ sơ: giấy phép sử dụng vật liệu nổ công nghiệp;",
             "                                          2", "",
             "Hồ sơ thiết kế kho bảo quản vật liệu nổ.",
             "      6. Những vấn đề khác (nếu có)",
             "                                             3", "",
             "      6.1. Đối với Đoàn kiểm tra: thực hiện nghiêm túc Kế hoạch."]
    assert join_margin_lines(lines) == [
        "      a) Kiểm tra hồ sơ: giấy phép sử dụng vật liệu nổ công nghiệp; Hồ sơ thiết kế kho bảo quản vật liệu nổ.",
        "      6. Những vấn đề khác (nếu có)",
        "      6.1. Đối với Đoàn kiểm tra: thực hiện nghiêm túc Kế hoạch."]


def test_closing_side_by_side_after_the_body_in_indented_layout():
    # "Nơi nhận:" at the margin is no continuation of the closing formula, and
    # a recipient broken at the margin under a two-column line stays in the
    # left column
    from extract.ingest.text import blocks_from_text

    body = "".join(f"      {k}. Sở Công Thương chủ trì kiểm tra nội dung {k};\nphối hợp với các đơn vị.\n" for k in range(1, 12))
    text = (body + "       Trên đây là Kế hoạch kiểm tra của Đoàn, đề nghị các đơn vị phối hợp thực hiện./.\n"
            "Nơi nhận:                                         T/M. ĐOÀN KIỂM TRA\n"
            "- Giám đốc Sở (để báo cáo);\n"
            "- Văn phòng Sở (Bố trí kinh phí, phương              TRƯỞNG ĐOÀN\n"
            "tiện Phục vụ Đoàn kiểm tra);\n"
            "- Lưu: VT.\n"
            "                                                     Hoàng Văn Thuân\n")
    blocks = blocks_from_text(text)
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows == [["Nơi nhận:\n- Giám đốc Sở (để báo cáo);\n"
                           "- Văn phòng Sở (Bố trí kinh phí, phương tiện Phục vụ Đoàn kiểm tra);\n- Lưu: VT.",
                           "T/M. ĐOÀN KIỂM TRA\nTRƯỞNG ĐOÀN\nHoàng Văn Thuân"]]


# --------------------------------------------------------------------------
# page markers and page numbers of converted and OCR'd text; text wrapped at
# the page width with no blank line between paragraphs (the shapes of an OCR
# tool's text and of a PDF converted to markdown; texts written for the test)


def _paras(text: str) -> list[str]:
    from extract.ingest.text import blocks_from_text

    return [b.text for b in blocks_from_text(text) if b.kind == "para"]


def test_an_ocr_page_marker_and_the_page_number_under_it_are_dropped():
    text = ("TỈNH ỦY YÊN BÁI\n\n- Nâng cao chất lượng nguồn nhân lực cho các ngành chủ lực. Ưu tiên đào tạo\n\n\n\n"
            "===== Trang 2 =====\n2\n\nlao động kỹ thuật cho các khu công nghiệp của tỉnh.\n\n"
            "===== Trang 3 =====\n3\n\n2. Nhiệm vụ năm 2026\n")
    assert _paras(text) == ["TỈNH ỦY YÊN BÁI",
                            "- Nâng cao chất lượng nguồn nhân lực cho các ngành chủ lực. Ưu tiên đào tạo",
                            "lao động kỹ thuật cho các khu công nghiệp của tỉnh.", "2. Nhiệm vụ năm 2026"]
    # in the document, a page cut in the middle of a sentence goes on
    from plans import doc_md

    assert [p.text for p in doc_md(text).paragraphs] == [
        "TỈNH ỦY YÊN BÁI",
        "- Nâng cao chất lượng nguồn nhân lực cho các ngành chủ lực. Ưu tiên đào tạo lao động kỹ thuật cho các khu công nghiệp của tỉnh.",
        "2. Nhiệm vụ năm 2026"]


def test_printed_page_numbers_alone_under_a_blank_line_are_dropped():
    from extract.ingest.text import _page_markers

    lines = ["lồng ghép nội dung bảo tồn vào quy hoạch sử dụng đất và các chương trình phát triển kinh", "", "4",
             "tế – xã hội của địa phương.", "6. Công an tỉnh Quảng Bình", "", "5", "- Bảo đảm an ninh tại các điểm du lịch."]
    assert _page_markers(lines) == [lines[0], lines[3], lines[4], "", lines[7]]
    # a lone number under a blank line is a page number only in a rising run
    assert _page_markers(["Điều 1.", "", "5", "Điều 2."]) == ["Điều 1.", "", "5", "Điều 2."]
    # a gazette's running head and its number are normalize's ("CÔNG BÁO/Số 12" / "40")
    gazette = ["CÔNG BÁO/Số 12/Ngày 03-02-2025 ", "40 ", " ", "a", "", "CÔNG BÁO/Số 12/Ngày 03-02-2025 ", "41 ", " "]
    assert _page_markers(gazette) == gazette


def test_text_wrapped_at_the_page_width_without_blank_lines_is_rejoined():
    from extract.ingest.text import is_dense_wrapped, unwrap_dense

    body = [
        "- Lập bản đồ số các điểm du lịch cộng đồng theo 03 vùng phát triển gồm: (1) Vùng",
        "Phong Nha – Kẻ Bàng – Hang động; (2) Vùng Biển – Cồn cát – Làng chài Bảo",
        "Ninh và nghề muối; (3) Vùng Núi – Rừng nguyên sinh – Văn hóa các dân tộc Bru",
        "– Vân Kiều; nhằm phục vụ công tác quản lý, quy hoạch và kết nối các tour, tuyến",
        "du lịch trên địa bàn tỉnh.",
        "3. Phát triển sản phẩm du lịch đặc trưng",
        "- Tập trung xây dựng sản phẩm riêng của từng vùng:",
    ]
    out = unwrap_dense(body)
    assert out[0].startswith("- Lập bản đồ số") and out[0].endswith("tour, tuyến du lịch trên địa bàn tỉnh.")
    assert "Làng chài Bảo Ninh và nghề muối" in out[0] and "dân tộc Bru – Vân Kiều" in out[0]
    assert out[1:] == body[5:]  # a short heading and the item under it stand alone
    assert is_dense_wrapped(body * 8)
    # one paragraph a line (a crawler's text) is not wrapped text
    assert not is_dense_wrapped([
        "1. Sở Tài chính chủ trì, phối hợp với các sở, ngành tổ chức triển khai thực hiện Kế hoạch này.",
        "2. Sở Nội vụ hướng dẫn các cơ quan, đơn vị rà soát, kiện toàn tổ chức bộ máy theo quy định.",
    ] * 25)


def test_a_blank_parted_text_goes_on_after_a_full_line_that_ends_a_sentence():
    from extract.ingest.text import unwrap_lines

    lines = ["3. Tập trung giải phóng mặt bằng các khu công nghiệp với sự vào cuộc của cả hệ",
             "thống chính trị, bảo đảm bàn giao đất sạch cho nhà đầu tư đúng tiến độ cam kết.",
             "Phân công cụ thể trách nhiệm cho từng cấp, từng ngành, nhất là chính quyền cấp xã",
             "trong công tác vận động nhân dân."]
    assert len(unwrap_lines(lines, blank_parted=True)) == 1
    assert len(unwrap_lines(lines)) == 2  # without it, a full stop ends the paragraph


def test_a_bar_table_group_row_in_one_merged_cell():
    from extract.ingest.text import blocks_from_text

    text = "\n".join(["|", "**STT**", "|", "**Nội dung**", "|", "**Đơn vị chủ trì**", "|",
                      "**Thời hạn**", "|", "|", "**I.", "ĐÀO TẠO KỸ NĂNG SỐ**", "|",
                      "|", "1", "|", "Mở lớp bồi dưỡng kỹ năng số", "cho hộ kinh doanh.", "|", "Sở Công Thương", "|",
                      "Hằng năm", "|", "|", "2", "|", "Khảo sát nhu cầu ứng dụng", "thương mại điện tử.", "|",
                      "Sở Công Thương", "|", "Quí II-2026", "|"])
    (rows,) = [b.rows for b in blocks_from_text(text) if b.kind == "table"]
    assert [len(r) for r in rows] == [4, 1, 4, 4]
    assert rows[1][0].replace("*", "").replace("\n", " ") == "I. ĐÀO TẠO KỸ NĂNG SỐ"
    assert rows[2][:2] == ["1", "Mở lớp bồi dưỡng kỹ năng số cho hộ kinh doanh."]

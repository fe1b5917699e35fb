"""Tables laid out with spaces (extract/ingest/columns.py): text written
for these tests, in the shapes `pdftotext -layout` prints a table in: cells
centred on their row, the row's number on its middle line, cells of two
columns parted by one space, columns that move from page to page, a group
row's title running over the columns, a page number inside the table."""

from extract.ingest.columns import space_tables
from extract.ingest.text import blocks_from_text

LAYOUT_TABLE = """\
                                   PHỤ LỤC
                DANH MỤC NHIỆM VỤ TRỌNG TÂM NĂM 2027

                                             Cơ quan         Cơ quan
TT              Nội dung                     chủ trì         phối hợp        Thời hạn
A    Công tác tuyên truyền
     Tổ chức tuyên truyền, phổ biến nội
1    dung Kế hoạch đến cán bộ, công chức     Sở Văn hóa,     Báo Gia Lai     Quý I/2027
     và Nhân dân trên địa bàn tỉnh           Thể thao và
                                              Du lịch

     Xây dựng chuyên mục trên cổng thông                    Các sở, ban,
2    tin điện tử của tỉnh và cập nhật tin Sở Thông tin và   ngành           Thường xuyên
     hằng tháng                               Truyền thông
                                                       16

B    Công tác kiểm tra, giám sát
   Kiểm tra việc thực hiện tại các                   Ủy ban nhân
3  huyện, thị xã                         Sở Nội vụ   dân các huyện   Tháng 10/2027
"""


def _table(text):
    items = space_tables(text.split("\n"))
    tables = [it[1] for it in items if isinstance(it, tuple)]
    assert len(tables) == 1
    return items, tables[0]


def test_rows_and_cells_of_a_layout_table():
    items, rows = _table(LAYOUT_TABLE)
    assert rows[0] == ["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]
    by = {r[0]: r for r in rows[1:]}
    assert list(by) == ["A", "1", "2", "B", "3"]
    # a centred cell's lines above and below the number are the row's
    assert by["1"][1] == ("Tổ chức tuyên truyền, phổ biến nội dung Kế hoạch đến cán bộ, công chức "
                          "và Nhân dân trên địa bàn tỉnh")
    assert by["1"][2] == "Sở Văn hóa, Thể thao và Du lịch"
    assert by["1"][3:] == ["Báo Gia Lai", "Quý I/2027"]
    # a lead cell printed one space after the content is cut at the capital
    assert by["2"][1] == "Xây dựng chuyên mục trên cổng thông tin điện tử của tỉnh và cập nhật tin hằng tháng"
    assert by["2"][2] == "Sở Thông tin và Truyền thông"
    assert by["2"][3:] == ["Các sở, ban, ngành", "Thường xuyên"]
    # group rows: their title only; the page number is dropped
    assert by["A"][1:] == ["Công tác tuyên truyền", "", "", ""]
    assert all("16" not in c for r in rows for c in r)
    # after the page the columns stand elsewhere, and still part
    assert by["3"][1:] == ["Kiểm tra việc thực hiện tại các huyện, thị xã", "Sở Nội vụ",
                           "Ủy ban nhân dân các huyện", "Tháng 10/2027"]
    # the appendix heading above the header stays text
    assert [it.strip() for it in items[:2]] == ["PHỤ LỤC", "DANH MỤC NHIỆM VỤ TRỌNG TÂM NĂM 2027"]


def test_prose_after_the_table_ends_it():
    text = LAYOUT_TABLE + ("\nTrong quá trình triển khai thực hiện nếu có khó khăn vướng mắc các cơ quan "
                           "đơn vị kịp thời báo cáo về Sở Nội vụ để tổng hợp\n")
    items, rows = _table(text)
    assert rows[-1][0] == "3"
    assert [it for it in items if isinstance(it, str) and it.strip()][-1].startswith("Trong quá trình triển khai")


def test_no_table_without_a_header_of_columns():
    # a "TT" line without content and role columns is text
    text = "TT    Họ và tên      Năm sinh\n1     Nguyễn Văn A   1980\n2     Trần Thị B     1985\n"
    assert space_tables(text.split("\n")) == text.split("\n")


def test_layout_table_becomes_a_table_block():
    blocks = blocks_from_text(LAYOUT_TABLE)
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].rows[0][1] == "Nội dung"
    assert [b.text.strip() for b in blocks if b.kind == "para"][:1] == ["PHỤ LỤC"]


def test_page_marker_headings_are_dropped():
    text = "## Trang 1\n\nỦY BAN NHÂN DÂN\n\n## Trang 2\n\nNội dung tiếp theo\n"
    assert [b.text for b in blocks_from_text(text)] == ["ỦY BAN NHÂN DÂN", "Nội dung tiếp theo"]

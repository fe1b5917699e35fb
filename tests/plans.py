"""Small plans of the genre written for the unit tests (not the seeds).

Each is plain text as a legal portal exports it; `doc(text)` ingests it the
way every real input is ingested (normalization included).
"""

from __future__ import annotations

import hashlib

from extract.document import Block, RawDocument, SourceInfo
from extract.normalize import build_document


def doc(text: str, name: str = "plan.txt"):
    blocks = [Block("para", text=line) for line in text.strip("\n").split("\n") if line.strip()]
    return build_document(RawDocument(blocks, SourceInfo(name, hashlib.sha256(text.encode()).hexdigest(), "txt")))


# A Sở plan from a mountain province: attribute lines as decimal items,
# letters under a "Nội dung" pseudo-heading, an agency-name section.
SO_PLAN = """
UBND TỈNH ĐIỆN BIÊN
SỞ TƯ PHÁP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 215/KH-STP
Điện Biên, ngày 04 tháng 3 năm 2025
KẾ HOẠCH
Phổ biến, giáo dục pháp luật năm 2025
Căn cứ Luật Phổ biến, giáo dục pháp luật ngày 20 tháng 6 năm 2012;
Thực hiện Quyết định số 120/QĐ-UBND ngày 15/01/2025 của UBND tỉnh Điện Biên, Sở Tư pháp ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao hiểu biết pháp luật của cán bộ, công chức.
2. Bảo đảm tiết kiệm, hiệu quả.
II. NHIỆM VỤ
1. Tổ chức phổ biến văn bản pháp luật mới
1.1. Nội dung
a) Tổ chức hội nghị phổ biến Luật Đất đai cho cán bộ chủ chốt.
b) Biên soạn tài liệu hỏi - đáp pháp luật bằng tiếng dân tộc.
1.2. Cơ quan chủ trì: Phòng Phổ biến, giáo dục pháp luật.
1.3. Cơ quan phối hợp: Sở Thông tin và Truyền thông; Đài Phát thanh và Truyền hình tỉnh.
1.4. Thời gian thực hiện: Quý II/2025.
2. Kiểm tra công tác phổ biến pháp luật tại cơ sở
- Cơ quan thực hiện:
+ Thanh tra Sở kiểm tra việc thực hiện tại các huyện Mường Chà, Tủa Chùa.
+ Văn phòng Sở phối hợp với Phòng Hành chính tư pháp tổng hợp kết quả kiểm tra.
- Thời gian hoàn thành: trước ngày 30/11/2025.
3. Rà soát thủ tục hành chính
- Các phòng chuyên môn thuộc Sở.
- Thời gian: Thường xuyên.
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng Sở
Bố trí kinh phí thực hiện Kế hoạch.
Tổng hợp báo cáo kết quả gửi Giám đốc Sở.
2. Đề nghị Hội Luật gia tỉnh
Phối hợp tổ chức trợ giúp pháp lý lưu động.
3. Các phòng chuyên môn báo cáo kết quả thực hiện trước ngày 15 tháng 12 hàng năm.
Trên đây là Kế hoạch phổ biến, giáo dục pháp luật năm 2025 của Sở Tư pháp, yêu cầu các phòng, đơn vị nghiêm túc triển khai thực hiện./.
Nơi nhận:
- UBND tỉnh (b/c);
- Lưu: VT, PBGDPL.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Lò Văn Thành
"""

# A district plan with "Đối với" assignments and bullets under them.
HUYEN_PLAN = """
ỦY BAN NHÂN DÂN HUYỆN CẦN GIỜ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 87/KH-UBND
Cần Giờ, ngày 10 tháng 5 năm 2024
KẾ HOẠCH
Thực hiện công tác cải cách hành chính năm 2024
I. MỤC TIÊU
Nâng cao chỉ số hài lòng của người dân.
II. NỘI DUNG THỰC HIỆN
1. Cải cách thủ tục hành chính
a) Rà soát, đơn giản hóa thủ tục hành chính
Đối với các phòng chuyên môn: rà soát quy trình nội bộ, đề xuất cắt giảm thời gian giải quyết.
- Cập nhật quy trình lên Cổng dịch vụ công.
- Niêm yết công khai thủ tục tại Bộ phận một cửa.
Đối với Ủy ban nhân dân các xã, thị trấn: thực hiện tiếp nhận hồ sơ trực tuyến định kỳ hàng tháng.
b) Phòng Nội vụ phối hợp với Văn phòng HĐND và UBND huyện kiểm tra việc thực hiện.
III. TỔ CHỨC THỰC HIỆN
1. Đề nghị Ủy ban MTTQ Việt Nam huyện giám sát việc thực hiện Kế hoạch.
2. Giao Phòng Nội vụ theo dõi, đôn đốc; báo cáo UBND huyện trước ngày 20/12/2024.
"""

# A department plan whose tasks are a table (columns in an unusual order),
# plus an appendix table after the signature.
TABLE_PLAN = """
UBND TỈNH QUẢNG TRỊ
SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 31/KH-SNNMT
Quảng Trị, ngày 2 tháng 10 năm 2025
KẾ HOẠCH
Phòng, chống thiên tai năm 2026
I. MỤC ĐÍCH
Chủ động ứng phó với thiên tai.
II. NHIỆM VỤ CỤ THỂ
| STT | Thời gian hoàn thành | Nội dung công việc | Đơn vị chủ trì | Đơn vị phối hợp |
|---|---|---|---|---|
| (1) | (2) | (3) | (4) | (5) |
| I | | Công tác chuẩn bị | | |
| 1 | Quý I/2026 | Rà soát phương án ứng phó bão | Chi cục Thủy lợi | Các phòng chuyên môn |
| 2 | Trước ngày 30/4/2026 | Kiểm tra an toàn hồ đập | Chi cục Thủy lợi | UBND các xã; Công ty TNHH MTV Khai thác thủy lợi |
| II | | Công tác ứng phó | | |
| 1 | Thường xuyên | Trực ban 24/24 giờ trong mùa mưa bão | Văn phòng Sở | |
Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Hồ Văn Nam
PHỤ LỤC
Danh mục công trình cần kiểm tra
| TT | Tên nhiệm vụ | Cơ quan thực hiện | Thời gian |
|---|---|---|---|
| 1 | Kiểm tra hồ Ái Tử | Chi cục Thủy lợi | Tháng 5/2026 |
"""


def doc_md(text: str, name: str = "plan.md"):
    """Ingest markdown text the way a .md file is ingested (pipe tables)."""
    from extract.ingest.text import blocks_from_text

    return build_document(RawDocument(blocks_from_text(text.strip("\n")), SourceInfo(name, hashlib.sha256(text.encode()).hexdigest(), "md")))

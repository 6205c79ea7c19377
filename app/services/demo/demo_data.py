"""Realistic Vietnamese sample cases (Hải Phòng names, places and topics) for trying the app."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.domain.enums import CaseKind, CaseStatus, Channel, Urgency
from app.domain.text import fold

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Mạc",
    "Phan",
    "Trịnh",
    "Lương",
    "Cao",
    "Tô",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Đức",
    "Minh",
    "Thu",
    "Quang",
    "Ngọc",
    "Hữu",
    "Thanh",
    "Xuân",
    "Hải",
    "Kim",
    "Bảo",
    "Anh",
    "Công",
]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hạnh",
    "Hiếu",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Ngọc",
    "Phong",
    "Phương",
    "Quân",
    "Quỳnh",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Thủy",
    "Trang",
    "Tuấn",
    "Vân",
    "Việt",
    "Yến",
]
PLACES = [
    "phường Nhị Chiểu",
    "xã Cẩm Giàng",
    "xã Cẩm Giang",
    "phường Hồng Bàng",
    "phường Lê Chân",
    "phường Ngô Quyền",
    "phường Hải An",
    "phường Kiến An",
    "phường Đồ Sơn",
    "xã An Lão",
    "xã Tiên Lãng",
    "xã Vĩnh Bảo",
    "đặc khu Cát Hải",
    "đặc khu Bạch Long Vĩ",
    "phường Thủy Nguyên",
    "phường Hải Dương",
    "phường Chí Linh",
    "xã Kinh Môn",
    "xã Thanh Hà",
    "xã Gia Lộc",
]
STREETS = [
    "Lạch Tray",
    "Trần Phú",
    "Điện Biên Phủ",
    "Tô Hiệu",
    "Lê Lợi",
    "Nguyễn Trãi",
    "Hai Bà Trưng",
    "Quang Trung",
    "Trần Hưng Đạo",
    "Lý Thường Kiệt",
]
TOPICS: dict[str, list[str]] = {
    "trat_tu_do_thi": [
        "Hàng quán lấn chiếm vỉa hè trên đường {street}, {place}, người đi bộ phải xuống lòng đường.",
        "Xe tải đỗ trái phép trước ngõ số {n} đường {street} vào ban đêm, gây cản trở đi lại.",
    ],
    "moi_truong": [
        "Cống thoát nước ở ngõ {n} đường {street}, {place} bị tắc, nước thải tràn ra đường, bốc mùi hôi.",
        "Rác thải sinh hoạt tồn đọng nhiều ngày tại điểm tập kết gần chợ {place}, chưa được thu gom.",
        "Xưởng sản xuất trong khu dân cư {place} gây tiếng ồn và khói bụi sau 22 giờ.",
    ],
    "dat_dai": [
        "Đề nghị xem xét việc cấp Giấy chứng nhận quyền sử dụng đất cho thửa đất tại {place} đã nộp hồ sơ quá hạn.",
        "Hộ liền kề xây tường lấn sang phần đất của gia đình tại tổ dân phố {n}, {place}.",
    ],
    "giao_thong": [
        "Mặt đường {street} đoạn qua {place} xuất hiện nhiều ổ gà, nguy hiểm cho người đi xe máy.",
        "Đèn tín hiệu giao thông tại nút giao {street} bị hỏng từ sáng nay.",
    ],
    "dien_nuoc": [
        "Khu dân cư {place} mất nước sinh hoạt liên tục ba ngày, chưa có thông báo.",
        "Đèn chiếu sáng công cộng ngõ {n} đường {street} không hoạt động hơn một tuần.",
    ],
    "chuyen_doi_so": [
        "Không đăng nhập được ứng dụng Smart Hải Phòng để gửi phản ánh, báo lỗi xác thực tài khoản định danh.",
        "Đề nghị hướng dẫn nộp hồ sơ trực tuyến thủ tục đăng ký kinh doanh hộ cá thể trên Cổng dịch vụ công.",
    ],
    "khcn": [
        "Doanh nghiệp kiến nghị rút ngắn thời gian thẩm định hồ sơ hỗ trợ đổi mới công nghệ.",
        "Hỏi về điều kiện tham gia chương trình hỗ trợ sở hữu trí tuệ cho sản phẩm OCOP tại {place}.",
    ],
    "doi_moi_sang_tao": [
        "Nhóm khởi nghiệp đề nghị được sử dụng không gian đổi mới sáng tạo của thành phố để thử nghiệm sản phẩm.",
    ],
    "thu_tuc_hanh_chinh": [
        "Hồ sơ chứng thực tại Trung tâm phục vụ hành chính công {place} bị trả lại nhiều lần không rõ lý do.",
        "Cán bộ một cửa {place} yêu cầu nộp thêm giấy tờ không có trong quy định.",
    ],
    "an_sinh_xa_hoi": [
        "Gia đình thuộc hộ cận nghèo tại {place} chưa nhận được trợ cấp quý này.",
    ],
    "y_te": [
        "Trạm y tế {place} không có bác sĩ trực vào cuối tuần.",
    ],
}
CHANNEL_WEIGHTS = [
    (Channel.HOTLINE, 40),
    (Channel.FACEBOOK, 20),
    (Channel.SMART_HAIPHONG, 15),
    (Channel.CALL_CENTER_1022, 12),
    (Channel.WALK_IN, 6),
    (Channel.LETTER, 4),
    (Channel.PORTAL, 2),
    (Channel.EMAIL, 1),
]
KIND_WEIGHTS = [
    (CaseKind.FEEDBACK, 62),
    (CaseKind.PETITION, 25),
    (CaseKind.COMPLAINT, 7),
    (CaseKind.DENUNCIATION, 2),
    (CaseKind.DENUNCIATION_INFO, 4),
]
MOBILE_PREFIXES = [
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "082",
    "083",
    "084",
    "085",
    "088",
    "056",
    "058",
]


@dataclass(frozen=True, slots=True)
class DemoCase:
    """One generated case; the ``*_folded`` strings feed the search index without re-folding."""

    received_at: datetime
    channel: Channel
    kind: CaseKind
    status: CaseStatus
    urgency: Urgency
    field_code: str
    content: str
    content_folded: str
    citizen_key: int
    external_ref: str


@dataclass(frozen=True, slots=True)
class DemoCitizen:
    full_name: str
    phone: str
    address: str
    name_folded: str


class DemoGenerator:
    """Deterministic for a seed; templates are folded once, not per case."""

    def __init__(self, seed: int, end: date) -> None:
        self._rng = random.Random(seed)
        self._end = end
        self._templates = [(code, t, fold(t)) for code, ts in TOPICS.items() for t in ts]
        self._places = [(p, fold(p)) for p in PLACES]
        self._streets = [(s, fold(s)) for s in STREETS]
        self._channels, self._channel_w = zip(*CHANNEL_WEIGHTS, strict=True)
        self._kinds, self._kind_w = zip(*KIND_WEIGHTS, strict=True)

    def citizens(self, count: int) -> list[DemoCitizen]:
        rng = self._rng
        out = []
        for _ in range(count):
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            phone = "+84" + rng.choice(MOBILE_PREFIXES)[1:] + f"{rng.randrange(10**7):07d}"
            address = f"Số {rng.randint(1, 300)} đường {rng.choice(STREETS)}, {rng.choice(PLACES)}"
            out.append(DemoCitizen(name, phone, address, fold(name)))
        return out

    def cases(self, count: int, citizens: int) -> list[DemoCase]:
        rng = self._rng
        span_minutes = 730 * 24 * 60
        start = datetime.combine(self._end - timedelta(days=730), datetime.min.time())
        offsets = sorted(rng.randrange(span_minutes) for _ in range(count))
        channels = rng.choices(self._channels, self._channel_w, k=count)
        kinds = rng.choices(self._kinds, self._kind_w, k=count)
        out = []
        for i in range(count):
            received = start + timedelta(minutes=offsets[i])
            received = received.replace(hour=7 + received.hour % 10)
            code, template, template_f = rng.choice(self._templates)
            place, place_f = rng.choice(self._places)
            street, street_f = rng.choice(self._streets)
            n = str(rng.randint(1, 250))
            content = template.format(place=place, street=street, n=n)
            folded = template_f.format(place=place_f, street=street_f, n=n)
            age = (self._end - received.date()).days
            status = self._status_for(age)
            channel = channels[i]
            ref = ""
            if channel in (Channel.SMART_HAIPHONG, Channel.CALL_CENTER_1022):
                ref = f"{'SHP' if channel is Channel.SMART_HAIPHONG else '1022'}-{rng.randrange(10**8):08d}"
            urgency = Urgency.URGENT if rng.random() < 0.05 else Urgency.NORMAL
            out.append(
                DemoCase(
                    received,
                    channel,
                    kinds[i],
                    status,
                    urgency,
                    code,
                    content,
                    folded,
                    rng.randrange(citizens),
                    ref,
                )
            )
        return out

    def _status_for(self, age_days: int) -> CaseStatus:
        r = self._rng.random()
        if age_days > 40:
            if r < 0.01:
                return CaseStatus.IN_PROGRESS  # a few long-overdue cases, as in real life
            return (
                CaseStatus.CLOSED if r < 0.80 else (CaseStatus.GUIDED if r < 0.9 else CaseStatus.TRANSFERRED)
            )
        if age_days > 10:
            return [CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, CaseStatus.REPLIED, CaseStatus.CLOSED][
                int(r * 4)
            ]
        return [CaseStatus.RECEIVED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS][int(r * 3)]

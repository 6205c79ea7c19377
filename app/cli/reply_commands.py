"""``hotline-desk reply …`` and ``hotline-desk callback …``: the loop back to the citizen, audited as cli:<user>."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.enums import Channel, ReplyMethod
from app.domain.reply_loop import CallbackResult, FirstAnswerMethod, NoticeKind
from app.services.core.errors import ValidationError

if TYPE_CHECKING:  # the service graph is imported when a command runs, not for --help
    from app.bootstrap import Services
    from app.services.replies.dto import DraftView


def add_reply_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register ``reply`` and ``callback`` (called from app.cli.parser)."""
    reply = sub.add_parser("reply", parents=[common], help="dự thảo trả lời, lãnh đạo duyệt, gửi công dân")
    steps = reply.add_subparsers(dest="reply_command", required=True)
    draft = steps.add_parser("draft", parents=[common], help="soạn dự thảo trả lời và trình lãnh đạo duyệt")
    draft.add_argument("number", metavar="NUMBER", help="số vụ việc, ví dụ 2026-00042")
    text = draft.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", help="nội dung trả lời")
    text.add_argument("--template", action="store_true", help="điền từ mẫu trả lời của loại vụ việc")
    draft.add_argument("--no-submit", action="store_true", help="chỉ lưu dự thảo, chưa trình duyệt")
    for name, helptext in (
        ("submit", "trình lãnh đạo duyệt dự thảo hiện tại"),
        ("approve", "lãnh đạo duyệt dự thảo đang chờ"),
        ("show", "xem dự thảo hiện tại"),
    ):
        cmd = steps.add_parser(name, parents=[common], help=helptext)
        cmd.add_argument("number", metavar="NUMBER")
        cmd.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    back = steps.add_parser("return", parents=[common], help="lãnh đạo trả lại dự thảo kèm ý kiến")
    back.add_argument("number", metavar="NUMBER")
    back.add_argument("--comment", required=True, help="ý kiến của lãnh đạo")
    send = steps.add_parser("send", parents=[common], help="ghi nhận đã gửi trả lời đã duyệt (đóng vụ việc)")
    send.add_argument("number", metavar="NUMBER")
    send.add_argument("--method", choices=[m.value for m in ReplyMethod], default=ReplyMethod.DOCUMENT.value)
    send.add_argument("--date", help="ngày trả lời YYYY-MM-DD (mặc định hôm nay)")
    send.add_argument("--document-no", default="", help="số văn bản trả lời")
    first = steps.add_parser("first", parents=[common], help="ghi trả lời ban đầu (đã tiếp nhận, ai xử lý)")
    first.add_argument("number", metavar="NUMBER")
    first.add_argument("--method", choices=[m.value for m in FirstAnswerMethod], required=True)
    first.add_argument("--text", required=True, help="nội dung đã báo công dân")
    first.add_argument("--date", help="ngày trả lời YYYY-MM-DD (mặc định hôm nay)")
    letter = steps.add_parser(
        "letter", parents=[common], help="in văn bản trả lời đã duyệt (PDF, NĐ 30/2020)"
    )
    letter.add_argument("number", metavar="NUMBER")
    letter.add_argument("--out", type=Path, required=True, help="tệp PDF kết quả")
    letter.add_argument("--document-no", default="", help="số văn bản do văn thư cấp (để trống: điền tay)")
    letter.add_argument("--unredacted", action="store_true", help="in cả thông tin người tố cáo (bản mật)")
    _add_notice_parser(steps, common)
    pending = steps.add_parser("pending", parents=[common], help="các dự thảo đang chờ lãnh đạo duyệt")
    pending.add_argument("--json", action="store_true")
    reply.set_defaults(handler=cmd_reply)

    template = steps.add_parser("template", parents=[common], help="xem hoặc sửa mẫu trả lời công dân")
    template.add_argument("code", nargs="?", help="mã mẫu (bỏ trống: liệt kê các mẫu)")
    template.add_argument("--text", help="nội dung mẫu mới, dùng {cong_dan}, {so_vu_viec}…")
    _add_callback_parsers(sub, common)


def _add_notice_parser(steps: Any, common: argparse.ArgumentParser) -> None:
    notice = steps.add_parser(
        "notice", parents=[common],
        help="in thông báo thụ lý / không thụ lý / kết quả giải quyết khiếu nại, tố cáo (PDF, NĐ 30/2020)",
    )  # fmt: skip
    notice.add_argument("number", metavar="NUMBER")
    notice.add_argument(
        "--kind", required=True, choices=[k.value for k in NoticeKind],
        help="thu_ly: thông báo thụ lý; khong_thu_ly: không thụ lý; ket_qua: kết quả giải quyết",
    )  # fmt: skip
    notice.add_argument("--out", type=Path, required=True, help="tệp PDF kết quả")
    notice.add_argument("--document-no", default="", help="số văn bản do văn thư cấp (để trống: điền tay)")
    notice.add_argument("--reason", default="", help="lý do không thụ lý (bắt buộc với khong_thu_ly)")
    notice.add_argument(
        "--result", default="", help="kết quả giải quyết (mặc định: văn bản trả lời đã duyệt)"
    )
    notice.add_argument(
        "--result-document",
        default="",
        help="số, ngày quyết định giải quyết khiếu nại / kết luận nội dung tố cáo",
    )
    notice.add_argument("--unredacted", action="store_true", help="in cả thông tin người tố cáo (bản mật)")


def _add_callback_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    callback = sub.add_parser("callback", parents=[common], help="gọi lại hỏi công dân có hài lòng không")
    cb_steps = callback.add_subparsers(dest="callback_command", required=True)
    record = cb_steps.add_parser("record", parents=[common], help="ghi kết quả gọi lại")
    record.add_argument("number", metavar="NUMBER")
    record.add_argument("--result", choices=[r.value for r in CallbackResult], required=True)
    record.add_argument("--note", default="", help="ghi chú (bắt buộc khi chưa hài lòng)")
    listing = cb_steps.add_parser("list", parents=[common], help="các vụ việc đã đóng chờ gọi lại")
    listing.add_argument("--json", action="store_true")
    sampling = cb_steps.add_parser(
        "sampling", parents=[common], help="xem/đổi kênh và tỷ lệ vụ việc được gọi lại"
    )
    sampling.add_argument("--rate", type=int, help="tỷ lệ phần trăm (0–100) vụ việc đã đóng được gọi lại")
    sampling.add_argument("--channels", help="các kênh, cách nhau dấu phẩy, ví dụ hotline,facebook")
    callback.set_defaults(handler=cmd_callback)


def _day(value: str | None, services: Services) -> date:
    if not value:
        return services.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError("date", f"Ngày không hợp lệ: {value!r} (dạng YYYY-MM-DD).") from None


def _print_draft(view: DraftView | None, as_json: bool) -> None:
    if view is None:
        print("Vụ việc chưa có dự thảo trả lời.")
    elif as_json:
        data = {k: getattr(view, k) for k in view.__slots__}
        print(json.dumps(data, ensure_ascii=False, indent=1, default=str))
    else:
        comment = f"\nÝ kiến lãnh đạo: {view.comment}" if view.comment else ""
        print(f"{view.number} — {view.status_label} (lần sửa {view.version}){comment}\n{view.text}")


def cmd_reply(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.settings import resolve

    services = command_line_services(resolve(args.db))
    try:
        action: Callable[[Services, argparse.Namespace], int] = _REPLY_STEPS[args.reply_command]
        return action(services, args)
    finally:
        services.close()


def _draft(services: Services, args: argparse.Namespace) -> int:
    drafts = services.reply_drafts
    case_id = drafts.case_id(args.number)
    template_code = ""
    if args.template:
        template_code, body = services.reply_templates.fill_for_case(case_id)
    else:
        body = args.text
    view = drafts.save(case_id, body, template_code=template_code)
    if not args.no_submit:
        view = drafts.submit(case_id)
    print(f"Đã lưu dự thảo trả lời vụ việc {view.number}: {view.status_label}.")
    return 0


def _submit(services: Services, args: argparse.Namespace) -> int:
    view = services.reply_drafts.submit(services.reply_drafts.case_id(args.number))
    print(f"Đã trình lãnh đạo duyệt dự thảo trả lời vụ việc {view.number}.")
    return 0


def _approve(services: Services, args: argparse.Namespace) -> int:
    view = services.reply_drafts.approve(services.reply_drafts.case_id(args.number))
    print(f"Đã duyệt dự thảo trả lời vụ việc {view.number}.")
    return 0


def _return(services: Services, args: argparse.Namespace) -> int:
    view = services.reply_drafts.return_draft(services.reply_drafts.case_id(args.number), args.comment)
    print(f"Đã trả lại dự thảo trả lời vụ việc {view.number} kèm ý kiến.")
    return 0


def _send(services: Services, args: argparse.Namespace) -> int:
    drafts = services.reply_drafts
    drafts.send(
        drafts.case_id(args.number), ReplyMethod(args.method), _day(args.date, services), args.document_no
    )
    print(f"Đã ghi nhận gửi trả lời vụ việc {args.number}; vụ việc chuyển «Đã trả lời công dân».")
    return 0


def _show(services: Services, args: argparse.Namespace) -> int:
    _print_draft(services.reply_drafts.current(services.reply_drafts.case_id(args.number)), args.json)
    return 0


def _first(services: Services, args: argparse.Namespace) -> int:
    case_id = services.reply_drafts.case_id(args.number)
    view = services.first_answers.record(
        case_id, FirstAnswerMethod(args.method), _day(args.date, services), args.text
    )
    late = "đúng hạn" if view.on_time else "quá hạn"
    print(f"Đã ghi trả lời ban đầu vụ việc {view.number} ({late}, hạn {view.due:%d/%m/%Y}).")
    return 0


def _pending(services: Services, args: argparse.Namespace) -> int:
    views = services.reply_drafts.awaiting_approval()
    if args.json:
        print(json.dumps([{k: getattr(v, k) for k in v.__slots__} for v in views], ensure_ascii=False,
                         indent=1, default=str))  # fmt: skip
    else:
        for v in views:
            print(f"{v.number}  {v.updated_at:%d/%m/%Y %H:%M}  {v.text[:80]!s}")
        print(f"{len(views)} dự thảo chờ duyệt.")
    return 0


def _template(services: Services, args: argparse.Namespace) -> int:
    if args.code and args.text is not None:
        services.reply_templates.save(args.code, args.text)
        print(f"Đã lưu mẫu trả lời «{args.code}».")
        return 0
    for t in services.reply_templates.templates():
        if args.code in (None, t.code):
            edited = " (cơ quan đã sửa)" if t.edited else ""
            print(f"[{t.code}] {t.title}{edited}\n{t.text}\n")
    return 0


def _sampling(services: Services, args: argparse.Namespace) -> int:
    current = services.callbacks.sampling()
    if args.rate is not None or args.channels:
        names = args.channels.split(",") if args.channels else list(current.channels)
        try:
            channels = [Channel(n.strip()) for n in names if n.strip()]
        except ValueError:
            known = ", ".join(c.value for c in Channel)
            raise ValidationError(
                "channels", f"Kênh không hợp lệ trong «{args.channels}». Dùng: {known}."
            ) from None
        services.callbacks.set_sampling(channels, current.rate if args.rate is None else args.rate)
        current = services.callbacks.sampling()
    labels = ", ".join(Channel(c).label for c in current.channels)
    print(f"Gọi lại {current.rate}% vụ việc đã đóng của các kênh: {labels}.")
    return 0


def _letter(services: Services, args: argparse.Namespace) -> int:
    case_id = services.reply_drafts.case_id(args.number)
    out = services.reply_letters.export(
        case_id, args.out, document_number=args.document_no, unredacted=args.unredacted
    )
    print(f"Đã in văn bản trả lời vụ việc {args.number}: {out}")
    return 0


def _notice(services: Services, args: argparse.Namespace) -> int:
    from app.services.replies.notices import NoticeOptions

    kind = NoticeKind(args.kind)
    options = NoticeOptions(
        document_number=args.document_no, reason=args.reason, result=args.result,
        result_document=args.result_document, unredacted=args.unredacted,
    )  # fmt: skip
    out = services.notices.export(services.reply_drafts.case_id(args.number), kind, args.out, options)
    print(f"Đã in {kind.label.lower()} vụ việc {args.number}: {out}")
    return 0


_REPLY_STEPS: dict[str, Callable[[Services, argparse.Namespace], int]] = {
    "draft": _draft, "submit": _submit, "approve": _approve, "return": _return, "send": _send,
    "show": _show, "first": _first, "pending": _pending, "letter": _letter, "template": _template,
    "notice": _notice,
}  # fmt: skip


def cmd_callback(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.settings import resolve

    services = command_line_services(resolve(args.db))
    try:
        if args.callback_command == "sampling":
            return _sampling(services, args)
        if args.callback_command == "list":
            items = services.callbacks.due_list()
            if args.json:
                rows = [{k: getattr(i, k) for k in i.__slots__} for i in items]
                print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
            else:
                for i in items:
                    print(f"{i.number}  đóng {i.closed_at:%d/%m/%Y}  {i.citizen_name or '-'}  {i.phone}")
                print(f"{len(items)} vụ việc chờ gọi lại.")
            return 0
        case_id = services.reply_drafts.case_id(args.number)
        result = CallbackResult(args.result)
        reopened = services.callbacks.record(case_id, result, args.note)
        tail = "; vụ việc đã được mở lại, thời hạn tính lại" if reopened else ""
        print(f"Đã ghi kết quả gọi lại vụ việc {args.number}: {result.label}{tail}.", file=sys.stdout)
        return 0
    finally:
        services.close()

"""What each recorded action is called on the audit log's page. The records keep the code
(`tasks.task.issue`), which tools and the API read; people read the label. A test checks that
every action code written anywhere in the source has one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ACTION_LABELS: dict[str, StrOrPromise] = {
    "follows.follow.request": _("Đăng ký theo dõi qua thư điện tử"),
    "follows.follow.confirm": _("Xác nhận theo dõi"),
    "follows.follow.unsubscribe": _("Hủy theo dõi"),
    "accounts.token.create": _("Tạo mã truy cập API"),
    "accounts.user.create": _("Tạo tài khoản"),
    "accounts.user.link_person": _("Gắn tài khoản với người"),
    "accounts.user.set_password": _("Đặt mật khẩu"),
    "accounts.user.update": _("Sửa tài khoản"),
    "accounts.user.activate": _("Mở lại tài khoản"),
    "accounts.user.deactivate": _("Khóa tài khoản"),
    "accounts.user.reset_password": _("Đặt lại mật khẩu"),
    "orgs.dataset.load": _("Nạp dữ liệu danh mục"),
    "orgs.person.create": _("Thêm người"),
    "orgs.position.assign": _("Ghi chức vụ"),
    "orgs.succession.record": _("Ghi việc sắp xếp đơn vị"),
    "orgs.unit.close": _("Chấm dứt hiệu lực đơn vị"),
    "orgs.unit.create": _("Thêm đơn vị"),
    "orgs.unit.update_contact": _("Sửa thông tin liên hệ của đơn vị"),
    "council.term.create": _("Thêm khóa"),
    "council.delegate.add": _("Thêm đại biểu"),
    "council.term.update": _("Sửa khóa"),
    "council.delegate.update": _("Sửa đại biểu"),
    "council.group.create": _("Lập tổ đại biểu"),
    "council.group.rename": _("Đổi tên tổ đại biểu"),
    "council.group.member_add": _("Thêm đại biểu vào tổ"),
    "council.group.member_remove": _("Đại biểu rời tổ"),
    "council.session.create": _("Thêm kỳ họp"),
    "council.session.open": _("Khai mạc kỳ họp"),
    "council.session.close": _("Bế mạc kỳ họp"),
    "council.session.reopen": _("Mở lại kỳ họp"),
    "council.sitting.add": _("Thêm phiên họp"),
    "council.attendance.record": _("Ghi điểm danh"),
    "council.agenda.add": _("Thêm mục chương trình"),
    "council.document.upload": _("Tải lên tài liệu kỳ họp"),
    "council.resolution.create": _("Ghi nghị quyết"),
    "council.article.add": _("Thêm điều, khoản của nghị quyết"),
    "council.article.edit": _("Sửa điều, khoản của nghị quyết"),
    "council.article.remove": _("Xóa điều, khoản của nghị quyết"),
    "council.vote.record": _("Ghi kết quả biểu quyết"),
    "council.question.register": _("Đăng ký câu hỏi chất vấn"),
    "council.question.schedule": _("Xếp lịch chất vấn"),
    "council.question.answered": _("Câu hỏi đã được trả lời"),
    "council.answer.record": _("Ghi nội dung trả lời chất vấn"),
    "council.commitment.record": _("Ghi cam kết"),
    "tasks.document.create": _("Nhập văn bản giao nhiệm vụ"),
    "tasks.task.create": _("Tạo nhiệm vụ"),
    "tasks.task.update": _("Sửa nhiệm vụ"),
    "tasks.task.issue": _("Giao nhiệm vụ"),
    "tasks.task.receive": _("Tiếp nhận nhiệm vụ"),
    "tasks.task.return": _("Trả lại nhiệm vụ"),
    "tasks.task.progress": _("Cập nhật tiến độ"),
    "tasks.task.roll_up": _("Tổng hợp tiến độ nhiệm vụ con"),
    "tasks.task.request_completion": _("Đề nghị công nhận hoàn thành"),
    "tasks.task.decide_completion": _("Quyết định công nhận hoàn thành"),
    "tasks.task.extend": _("Gia hạn nhiệm vụ"),
    "tasks.task.next_period": _("Chuyển sang kỳ tiếp theo"),
    "tasks.task.cancel": _("Hủy nhiệm vụ"),
    "tasks.task.remind": _("Nhắc việc"),
    "notifications.preference.set": _("Chọn cách nhận thông báo qua e-mail"),
    "tasks.progress.submit": _("Gửi báo cáo tiến độ"),
    "tasks.progress.review": _("Duyệt hoặc trả lại báo cáo tiến độ"),
    "tasks.progress.return": _("Trả lại báo cáo tiến độ"),
    "tasks.extension.request": _("Đề nghị gia hạn"),
    "tasks.extension.decide": _("Quyết định gia hạn"),
    "tasks.coordination.request": _("Gửi đề nghị phối hợp"),
    "tasks.coordination.answer": _("Trả lời đề nghị phối hợp"),
    "indicators.indicator.save": _("Lưu chỉ tiêu"),
    "indicators.plan.create": _("Lập kế hoạch"),
    "indicators.target.set": _("Đặt mục tiêu"),
    "indicators.target.refresh": _("Cập nhật dự báo và tình trạng chỉ tiêu"),
    "indicators.actual.enter": _("Nhập số liệu"),
    "indicators.actual.review": _("Duyệt hoặc trả lại số liệu"),
    "indicators.aggregate.approve": _("Ký duyệt số liệu toàn tỉnh"),
    "indicators.assessment.submit": _("Gửi đánh giá chỉ tiêu"),
    "indicators.assessment.save": _("Lưu đánh giá chỉ tiêu"),
    "indicators.remedy.task": _("Giao nhiệm vụ từ giải pháp"),
    "workdays.override.add": _("Thêm ngày làm bù, ngày nghỉ"),
    "workdays.override.remove": _("Xóa ngày làm bù, ngày nghỉ"),
}


def action_label(code: str) -> StrOrPromise:
    """The label of a recorded action, or its code when it has none."""
    return ACTION_LABELS.get(code, code)

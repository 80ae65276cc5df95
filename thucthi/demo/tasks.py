"""Demo tasks: the seed's conclusions "Một là … Năm là" turned into tasks of 2020, replayed
through the services with their 2020 dates, plus a few current tasks for today's units.

The wording of each parent task follows the seed; which department got which sub-task, the
dates and the outcomes are invented, so every task here is labelled sample.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from thucthi.accounts.models import User
from thucthi.core import clock
from thucthi.council.models import Resolution
from thucthi.demo.codes import dept_code
from thucthi.demo.council import ARTICLE_OF_SEED
from thucthi.orgs.models import Person, Unit
from thucthi.orgs.services import person_create
from thucthi.tasks import services
from thucthi.tasks.models import DeadlineKind, ProductKind, Task

D = dt.date
OLD = "P33@old"


def dept(name: str, province: str = OLD) -> str:
    return dept_code(province, name)


@dataclass
class Step:
    on: dt.date
    kind: str  # receive, progress:NN, complete, accept, reject, extend:YYYY-MM-DD, extend-approved, extend-rejected, coordinate, answer
    note: str = ""


@dataclass
class Demo:
    title: str
    lead: str
    deadline: dt.date | None
    product: str
    ref: str = ""
    issuer: str = f"UBND:{OLD}"
    issued: dt.date = field(default_factory=lambda: D(2020, 7, 24))
    coordinating: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    subtasks: list[Demo] = field(default_factory=list)
    deadline_kind: str = DeadlineKind.DATE
    no_deadline_reason: str = ""
    working_days: int | None = None


def _plan() -> list[Demo]:
    received = Step(D(2020, 7, 27), "receive")
    return [
        Demo("Tiếp tục thực hiện tốt các giải pháp phòng, chống dịch bệnh Covid-19, kiên quyết không để dịch lây lan trên địa bàn",
             f"UBND:{OLD}", D(2020, 12, 31), "Báo cáo kết quả phòng, chống dịch", ref="Một là", issuer=f"HDND:{OLD}",
             steps=[received, Step(D(2020, 12, 28), "complete", "Báo cáo của UBND tỉnh (mẫu)"), Step(D(2021, 1, 5), "accept")],
             subtasks=[
                 Demo("Bổ sung, hoàn thiện các phương án, giải pháp phòng, chống dịch ở mức độ cao hơn, phức tạp hơn",
                      dept("Sở Y tế"), D(2020, 8, 31), "Phương án phòng, chống dịch Covid-19 (cấp độ cao)", ref="Một là",
                      coordinating=[dept("Sở Tài chính")],
                      steps=[received, Step(D(2020, 8, 5), "coordinate", "Đề nghị cân đối kinh phí mua sắm vật tư y tế"),
                             Step(D(2020, 8, 10), "answer", "Đã cân đối nguồn dự phòng ngân sách tỉnh"),
                             Step(D(2020, 8, 14), "progress:70", "Đã xây dựng phương án cấp độ 3, 4"),
                             Step(D(2020, 8, 25), "complete", "Quyết định ban hành phương án (mẫu)"), Step(D(2020, 8, 28), "accept")]),
             ]),
        Demo("Chỉ đạo thực hiện đồng bộ các biện pháp thúc đẩy sản xuất, kinh doanh, nhất là đối với các cơ sở sản xuất công nghiệp gặp nhiều khó khăn",
             f"UBND:{OLD}", D(2020, 12, 31), "Báo cáo kết quả hỗ trợ sản xuất, kinh doanh", ref="Hai là", issuer=f"HDND:{OLD}",
             steps=[received, Step(D(2020, 12, 30), "complete", "Báo cáo của UBND tỉnh (mẫu)"), Step(D(2021, 1, 8), "accept")],
             subtasks=[
                 Demo("Tổng hợp khó khăn của cơ sở sản xuất công nghiệp bị ảnh hưởng bởi dịch Covid-19, đề xuất giải pháp tháo gỡ",
                      dept("Sở Công Thương"), D(2020, 9, 30), "Báo cáo đề xuất giải pháp tháo gỡ khó khăn", ref="Hai là",
                      steps=[received, Step(D(2020, 9, 20), "extend:2020-10-31", "Chờ số liệu khảo sát doanh nghiệp"),
                             Step(D(2020, 9, 25), "extend-rejected", "Cần báo cáo kịp cho phiên họp UBND tháng 10"),
                             Step(D(2020, 10, 12), "complete", "Báo cáo số …/BC-SCT (mẫu)"), Step(D(2020, 10, 15), "accept")]),
                 Demo("Thực hiện các chính sách ưu đãi đối với doanh nghiệp bị ảnh hưởng bởi dịch bệnh Covid-19",
                      dept("Sở Kế hoạch và Đầu tư"), D(2020, 12, 31), "Báo cáo kết quả thực hiện chính sách", ref="Hai là",
                      coordinating=[dept("Sở Tài chính")],
                      steps=[received, Step(D(2020, 12, 20), "complete", "Báo cáo (mẫu)"), Step(D(2020, 12, 23), "accept")]),
             ]),
        Demo("Chỉ đạo quyết liệt để hoàn thành Quy hoạch tỉnh Hưng Yên giai đoạn 2021-2030, tầm nhìn đến năm 2050; tăng cường thanh tra xây dựng; đẩy nhanh giải ngân vốn đầu tư công",
             f"UBND:{OLD}", D(2020, 12, 31), "Báo cáo kết quả thực hiện", ref="Ba là", issuer=f"HDND:{OLD}",
             steps=[received, Step(D(2020, 10, 1), "progress:40", "Đang lập quy hoạch; giải ngân đạt 58% kế hoạch")],
             subtasks=[
                 Demo("Hoàn thành dự thảo Quy hoạch tỉnh Hưng Yên thời kỳ 2021-2030, tầm nhìn đến năm 2050, trình HĐND tỉnh thông qua trước khi trình Thủ tướng Chính phủ phê duyệt",
                      dept("Sở Kế hoạch và Đầu tư"), D(2020, 12, 31), "Tờ trình và dự thảo Quy hoạch tỉnh", ref="Ba là",
                      coordinating=[dept("Sở Xây dựng"), dept("Sở Tài nguyên và Môi trường")],
                      steps=[received, Step(D(2020, 10, 20), "progress:35", "Đã lựa chọn tư vấn lập quy hoạch"),
                             Step(D(2020, 12, 15), "extend:2021-06-30", "Chờ hướng dẫn của Bộ Kế hoạch và Đầu tư về nội dung quy hoạch tỉnh"),
                             Step(D(2020, 12, 21), "extend-approved"), Step(D(2021, 5, 30), "progress:60", "Đã lấy ý kiến các sở, ngành")]),
                 Demo("Tăng cường thanh tra, kiểm tra các hoạt động xây dựng, quản lý quy hoạch xây dựng trên địa bàn",
                      dept("Sở Xây dựng"), D(2020, 9, 30), "Báo cáo kết quả thanh tra, kiểm tra quý III/2020", ref="Ba là",
                      steps=[received, Step(D(2020, 9, 28), "complete", "Báo cáo số …/BC-SXD (mẫu)"), Step(D(2020, 10, 2), "accept")]),
                 Demo("Rà soát, điều chỉnh các đồ án quy hoạch xây dựng phù hợp với định hướng phát triển của địa phương",
                      "UBND:D325", D(2020, 11, 30), "Báo cáo rà soát đồ án quy hoạch xây dựng", ref="Ba là",
                      steps=[received, Step(D(2020, 11, 10), "progress:30", "Đã rà soát 3/10 đồ án")]),
                 Demo("Đẩy nhanh tiến độ thi công, giải ngân kế hoạch vốn đầu tư công đối với các công trình chuyển tiếp và khởi công mới",
                      dept("Sở Kế hoạch và Đầu tư"), D(2020, 12, 31), "Báo cáo giải ngân vốn đầu tư công năm 2020", ref="Ba là",
                      coordinating=[dept("Sở Tài chính")],
                      steps=[received, Step(D(2020, 10, 30), "progress:62", "Giải ngân đạt 62% kế hoạch"),
                             Step(D(2021, 1, 15), "complete", "Báo cáo giải ngân năm 2020 (mẫu)"), Step(D(2021, 1, 20), "accept")]),
             ]),
        Demo("Đẩy mạnh cải cách hành chính, cải thiện môi trường đầu tư, kinh doanh, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh; tập trung các giải pháp thu ngân sách",
             f"UBND:{OLD}", D(2020, 12, 31), "Báo cáo kết quả thực hiện", ref="Bốn là", issuer=f"HDND:{OLD}",
             steps=[received, Step(D(2020, 12, 29), "complete", "Báo cáo (mẫu)"), Step(D(2021, 1, 6), "accept")],
             subtasks=[
                 Demo("Xây dựng kế hoạch nâng cao chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm 2021",
                      dept("Sở Kế hoạch và Đầu tư"), D(2020, 10, 31), "Kế hoạch nâng cao chỉ số PCI", ref="Bốn là",
                      steps=[received, Step(D(2020, 10, 26), "complete", "Dự thảo kế hoạch (mẫu)"), Step(D(2020, 10, 30), "accept")]),
                 Demo("Thực hiện các giải pháp thu ngân sách, chống thất thu, phấn đấu hoàn thành chỉ tiêu dự toán năm 2020",
                      dept("Sở Tài chính"), D(2020, 12, 31), "Báo cáo thu ngân sách năm 2020", ref="Bốn là",
                      steps=[received, Step(D(2020, 10, 15), "progress:75", "Thu ngân sách 9 tháng đạt 75% dự toán"),
                             Step(D(2020, 12, 31), "complete", "Báo cáo (mẫu)"), Step(D(2021, 1, 4), "accept")]),
                 Demo("Đẩy mạnh cải cách hành chính, rút ngắn thời gian giải quyết thủ tục hành chính",
                      dept("Sở Nội vụ"), D(2020, 12, 15), "Báo cáo cải cách hành chính năm 2020", ref="Bốn là",
                      steps=[received, Step(D(2020, 12, 22), "complete", "Báo cáo (mẫu)"), Step(D(2020, 12, 28), "accept")]),
             ]),
        Demo("Đổi mới phương thức chỉ đạo, điều hành theo hướng cụ thể, sâu sát, rõ người, rõ việc, gắn với kiểm tra, giám sát; nâng cao hiệu quả phối hợp giữa các cấp, các ngành",
             f"UBND:{OLD}", D(2020, 12, 31), "Báo cáo kết quả thực hiện", ref="Năm là", issuer=f"HDND:{OLD}",
             steps=[received, Step(D(2020, 12, 30), "complete", "Báo cáo (mẫu)"), Step(D(2021, 1, 7), "accept")],
             subtasks=[
                 Demo("Ban hành quy chế theo dõi, đôn đốc việc thực hiện nhiệm vụ theo hướng rõ người, rõ việc, rõ thời gian",
                      dept("Văn phòng UBND tỉnh"), D(2020, 9, 30), "Quyết định ban hành quy chế", ref="Năm là",
                      steps=[received, Step(D(2020, 9, 25), "complete", "Quyết định (mẫu)"), Step(D(2020, 9, 29), "accept")]),
                 Demo("Kiểm tra, giám sát, xử lý nghiêm những tổ chức, cá nhân đùn đẩy trách nhiệm, thực hiện nhiệm vụ kém hiệu quả",
                      dept("Thanh tra tỉnh"), None, "Báo cáo kết quả kiểm tra định kỳ", ref="Năm là",
                      deadline_kind=DeadlineKind.NONE, no_deadline_reason="Nhiệm vụ thường xuyên",
                      steps=[received, Step(D(2020, 11, 20), "progress:20", "Đã kiểm tra 4 đơn vị")]),
             ]),
    ]


def _current() -> list[Demo]:
    """Today's work of today's Hưng Yên: what the demo Sở Tài chính officer finds in the inbox."""
    new = "P33"
    finance = dept("Sở Tài chính", new)
    return [
        Demo("Tham mưu dự toán thu, chi ngân sách địa phương năm 2027", finance, D(2026, 12, 10), "Tờ trình dự toán ngân sách năm 2027",
             issuer=f"UBND:{new}", issued=D(2026, 10, 15), coordinating=[dept("Sở Nội vụ", new)],
             steps=[Step(D(2026, 10, 16), "receive"), Step(D(2026, 11, 10), "progress:60", "Đã tổng hợp dự toán của các sở, ngành"),
                    Step(D(2026, 11, 18), "coordinate", "Đề nghị cung cấp số biên chế được giao năm 2027")]),
        Demo("Báo cáo tình hình giải ngân vốn đầu tư công 10 tháng năm 2026", finance, D(2026, 11, 15), "Báo cáo giải ngân",
             issuer=f"UBND:{new}", issued=D(2026, 11, 2),
             steps=[Step(D(2026, 11, 3), "receive"), Step(D(2026, 11, 12), "progress:50", "Đang tổng hợp số liệu của các chủ đầu tư")]),
        Demo("Rà soát các nhiệm vụ còn tồn đọng của Sở Kế hoạch và Đầu tư và Sở Tài chính tỉnh Thái Bình trước sắp xếp", finance, None,
             "Báo cáo rà soát nhiệm vụ tồn đọng", issuer=f"UBND:{new}", issued=D(2026, 11, 16),
             deadline_kind=DeadlineKind.WORKING_DAYS, working_days=20),
        Demo("Hướng dẫn các xã, phường quyết toán ngân sách năm 2026", finance, D(2027, 1, 31), "Văn bản hướng dẫn",
             issuer=f"UBND:{new}", issued=D(2026, 11, 20),
             steps=[Step(D(2026, 11, 21), "receive"), Step(D(2026, 11, 23), "extend:2027-02-28", "Chờ hướng dẫn của Bộ Tài chính về quyết toán")]),
    ]


def _codes(demo: Demo) -> set[str]:
    out = {demo.lead, demo.issuer, *demo.coordinating}
    for sub in demo.subtasks:
        out |= _codes(sub)
    return out


def _responsible(unit: Unit, people: dict[str, Person]) -> Person:
    """The person who answers for the lead unit's tasks in the demo (sample where invented)."""
    if unit.code not in people:
        name = f"Lãnh đạo {unit.short_name or unit.name} (mẫu)"
        people[unit.code] = Person.objects.filter(full_name=name).first() or person_create(actor=None, full_name=name, is_sample=True)
    return people[unit.code]


def _apply(task: Task, step: Step, units: dict[str, Unit]) -> None:
    """Replay one step through the services, on the step's day (the clock is frozen there)."""
    kind, _, arg = step.kind.partition(":")
    if kind == "receive":
        services.task_receive(actor=None, task=task)
    elif kind == "progress":
        report = services.progress_submit(actor=None, task=task, percent=int(arg), narrative=step.note)
        services.progress_review(actor=None, report=report, approve=True, note="")
    elif kind == "complete":
        services.completion_request(actor=None, task=task, note=step.note)
    elif kind == "accept":
        services.completion_decide(actor=None, task=task, accept=True)
    elif kind == "extend":
        services.extension_request(actor=None, task=task, proposed_deadline=dt.date.fromisoformat(arg), reason=step.note)
    elif kind in ("extend-approved", "extend-rejected"):
        pending = task.extension_requests.get(decision="pending")
        services.extension_decide(actor=None, request=pending, approve=kind == "extend-approved", note=step.note)
    elif kind == "coordinate":
        coordination = task.coordinations.select_related("unit").first()
        assert coordination is not None
        services.coordination_request(actor=None, task=task, to_unit=coordination.unit, message=step.note, due_on=step.on + dt.timedelta(days=7))
    elif kind == "answer":
        request = task.coordination_requests.get(answered_on__isnull=True)
        services.coordination_answer(actor=None, request=request, answer=step.note)
    else:
        raise ValueError(step.kind)


def _tree(demo: Demo, units: dict[str, Unit], source: Resolution | None, parent: Task | None, people: dict[str, Person]) -> int:
    lead = units[demo.lead]
    with clock.frozen(demo.issued):
        task = services.task_create(
            actor=None, title=demo.title, issuer=units[demo.issuer], lead_unit=lead, allow_historical=True,
            source=source, source_ref=ARTICLE_OF_SEED.get(demo.ref, demo.ref) if source else demo.ref, parent=parent, accepting_unit=units[demo.issuer],
            responsible=_responsible(lead, people), expected_product=demo.product, product_kind=ProductKind.REPORT,
            deadline_kind=demo.deadline_kind, deadline=demo.deadline, working_days=demo.working_days,
            no_deadline_reason=demo.no_deadline_reason, inactivity_days=90 if demo.deadline_kind == DeadlineKind.NONE else None,
            coordinations=[services.CoordinationInput(unit=units[c], duty="Phối hợp, cung cấp thông tin") for c in demo.coordinating],
        )
        services.task_issue(actor=None, task=task)
    Task.objects.filter(pk=task.pk).update(is_sample=True)
    for step in demo.steps:
        task.refresh_from_db()
        with clock.frozen(step.on):
            _apply(task, step, units)
    return 1 + sum(_tree(sub, units, source, task, people) for sub in demo.subtasks)


def load(*, officer: User) -> int:
    """Create the demo tasks once; returns how many were created."""
    plan, current = _plan(), _current()
    # Its own first task marks this demo as loaded (other demos create sample tasks too).
    if Task.objects.filter(is_sample=True, title=plan[0].title).exists():
        return 0
    units = {u.code: u for u in Unit.objects.filter(code__in={c for d in plan + current for c in _codes(d)})}
    source = Resolution.objects.filter(number__startswith="MẪU-01").first()
    people: dict[str, Person] = {}
    if officer.person is not None and officer.unit is not None:
        people[officer.unit.code] = officer.person
    created = sum(_tree(d, units, source, None, people) for d in plan)
    created += sum(_tree(d, units, None, None, people) for d in current)
    return created


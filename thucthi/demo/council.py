"""Demo council data for the seed's 12th session: delegates, votes, questioning, commitments.

The total number of delegates of term XVI and the vote tallies are not public in the sources
found (see data/hung_yen_facts.json, open_questions), so the delegate list is the real people
known to be delegates plus labelled sample delegates, and every tally is labelled sample.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from thucthi.core import clock
from thucthi.council import questioning
from thucthi.council.articles import articles_paste
from thucthi.council.groups import group_create, group_member_add
from thucthi.council.models import AnswerMode, Delegate, Resolution, Session, SessionState, Sitting, Term
from thucthi.council.services import delegate_add, session_set_state, vote_record_tally
from thucthi.demo.codes import dept_code
from thucthi.orgs.models import Person, Position, PositionRole, Unit
from thucthi.orgs.services import person_create
from thucthi.tasks import services as task_services

SAMPLE_DELEGATES = 50  # the real total is not published in the sources found: sample
# Hưng Yên's district-level units during term XVI (Mỹ Hào a town since 1/4/2019). Provincial
# delegates form groups by district; the groups' exact list and who sat in which are not in the
# sources found, so groups and memberships are labelled sample.
DISTRICTS = [
    "thành phố Hưng Yên", "thị xã Mỹ Hào", "huyện Văn Lâm", "huyện Văn Giang", "huyện Yên Mỹ",
    "huyện Khoái Châu", "huyện Ân Thi", "huyện Kim Động", "huyện Phù Cừ", "huyện Tiên Lữ",
]


def load(session: Session) -> int:
    """Create the demo council data once; returns the number of votes recorded."""
    term = session.term
    if Delegate.objects.filter(term=term).exists():
        return 0
    elected = dt.date(2016, 5, 22)  # national election day of 2016 (start of term XVI)
    council = term.council
    # People known to hold council posts by the session (chair, vice-chairs, committee heads)
    # are delegates; the office's staff are not necessarily.
    council_units = Unit.objects.filter(code__startswith=council.code).exclude(code__endswith=":van-phong")
    real = (
        Person.objects.filter(positions__unit__in=council_units, positions__start__lte=session.end)
        .filter(Q(positions__end__isnull=True) | Q(positions__end__gte=session.start))
        .distinct()
        .order_by("sort_key")
    )
    delegates = [delegate_add(actor=None, term=term, person=p, elected_on=elected) for p in real]
    for i in range(len(delegates), SAMPLE_DELEGATES):
        person = Person.objects.filter(full_name=f"Đại biểu số {i + 1:02d} (mẫu)").first() or person_create(
            actor=None, full_name=f"Đại biểu số {i + 1:02d} (mẫu)", is_sample=True)
        delegates.append(delegate_add(actor=None, term=term, person=person, elected_on=elected, is_sample=True))
    Term.objects.filter(pk=term.pk).update(delegates_total=SAMPLE_DELEGATES)
    _groups(term, delegates, elected)

    session_set_state(actor=None, session=session, state=SessionState.OPEN)
    sitting = Sitting.objects.create(session=session, day=session.start, title="Phiên chất vấn và trả lời chất vấn", is_questioning=True)
    closing = Sitting.objects.create(session=session, day=session.end, title="Phiên bế mạc")
    votes = 0
    for i, resolution in enumerate(Resolution.objects.filter(session=session).order_by("number")):
        yes = SAMPLE_DELEGATES - 4 - (i % 3)
        vote_record_tally(actor=None, session=session, motion=f"Thông qua {resolution}", day=session.end, yes=yes, no=i % 2,
                          abstain=0, absent=SAMPLE_DELEGATES - yes - i % 2, resolution=resolution, sitting=closing, is_sample=True)
        votes += 1
    _questioning(session, sitting, delegates)
    _articles(session)
    session_set_state(actor=None, session=session, state=SessionState.CLOSED)
    return votes


# The session's resolutions are not in the sources found (their numbers and titles are samples), so
# the first one's articles are samples too, worded after the five groups of tasks the seed reports
# for the last six months of 2020 ("Một là" … "Năm là"); the demo tasks made from them cite them.
SAMPLE_ARTICLES = """Điều 1. Nhiệm vụ, giải pháp chủ yếu 6 tháng cuối năm 2020
1. Tiếp tục thực hiện tốt các giải pháp phòng, chống dịch bệnh Covid-19, không để dịch lây lan trên địa bàn.
2. Thực hiện đồng bộ các biện pháp thúc đẩy sản xuất, kinh doanh, nhất là đối với các cơ sở sản xuất công nghiệp gặp khó khăn.
3. Hoàn thành Quy hoạch tỉnh giai đoạn 2021 - 2030, tầm nhìn đến năm 2050; tăng cường thanh tra, kiểm tra hoạt động xây dựng; đẩy nhanh giải ngân vốn đầu tư công.
4. Đẩy mạnh cải cách hành chính, cải thiện môi trường đầu tư, kinh doanh, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh.
5. Đổi mới phương thức chỉ đạo, điều hành của chính quyền các cấp, nâng cao hiệu quả thực thi công vụ.
Điều 2. Tổ chức thực hiện
1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết.
2. Giao Thường trực Hội đồng nhân dân tỉnh, các Ban, các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.
"""
# The seed's enumeration, as the clause of Điều 1 each group became.
ARTICLE_OF_SEED = {"Một là": "Điều 1, khoản 1", "Hai là": "Điều 1, khoản 2", "Ba là": "Điều 1, khoản 3", "Bốn là": "Điều 1, khoản 4",
                   "Năm là": "Điều 1, khoản 5"}


def _articles(session: Session) -> None:
    first = Resolution.objects.filter(session=session, number__startswith="MẪU-01").first()
    if first is not None and not first.articles.exists():
        articles_paste(actor=None, resolution=first, text=SAMPLE_ARTICLES, is_sample=True)


def _groups(term: Term, delegates: list[Delegate], elected: dt.date) -> None:
    groups = [
        group_create(actor=None, term=term, name=f"Tổ đại biểu {district}", constituency=district[0].upper() + district[1:], is_sample=True)
        for district in DISTRICTS
    ]
    for i, delegate in enumerate(delegates):
        group_member_add(actor=None, group=groups[i % len(groups)], delegate=delegate, start=elected, is_sample=True)


def _respondent(unit_code: str, title: str) -> tuple[Person, Unit]:
    unit = Unit.objects.get(code=unit_code)
    position = Position.objects.filter(unit=unit, role=PositionRole.HEAD).select_related("person").first()
    if position is not None:
        return position.person, unit
    name = f"{title} (mẫu)"
    return (Person.objects.filter(full_name=name).first() or person_create(actor=None, full_name=name, is_sample=True)), unit


def _questioning(session: Session, sitting: Sitting, delegates: list[Delegate]) -> None:
    asked = [
        ("Sở Kế hoạch và Đầu tư", "Giám đốc Sở Kế hoạch và Đầu tư", "Đầu tư công",
         "Nguyên nhân tỷ lệ giải ngân vốn đầu tư công 6 tháng đầu năm 2020 thấp và giải pháp để giải ngân hết kế hoạch vốn năm 2020?",
         "Sở sẽ tham mưu UBND tỉnh điều chuyển vốn từ các dự án chậm giải ngân sang dự án có khối lượng.",
         ("Tham mưu UBND tỉnh điều chuyển kế hoạch vốn đầu tư công năm 2020 từ các dự án chậm giải ngân", dt.date(2020, 9, 30)),
         [("accept", dt.date(2020, 9, 25))]),
        ("Sở Y tế", "Giám đốc Sở Y tế", "Phòng, chống dịch Covid-19",
         "Sự sẵn sàng của các cơ sở cách ly, điều trị khi dịch Covid-19 quay trở lại ở mức độ cao hơn?",
         "Sở đã xây dựng phương án và sẽ hoàn thiện phương án cấp độ 3, 4, trình UBND tỉnh phê duyệt.",
         ("Hoàn thiện phương án phòng, chống dịch Covid-19 cấp độ 3, 4 trình UBND tỉnh", dt.date(2020, 8, 31)),
         [("accept", dt.date(2020, 9, 10))]),
        ("Sở Xây dựng", "Giám đốc Sở Xây dựng", "Trật tự xây dựng",
         "Giải pháp xử lý tình trạng vi phạm trật tự xây dựng, xây dựng không phép tại các khu dân cư mới?",
         "Sở sẽ tổ chức kiểm tra toàn bộ các khu dân cư mới và báo cáo kết quả xử lý.",
         ("Kiểm tra, xử lý vi phạm trật tự xây dựng tại các khu dân cư mới và báo cáo HĐND tỉnh", dt.date(2020, 11, 30)),
         [("progress", dt.date(2020, 10, 15))]),
    ]
    for order, (dept, title, topic, text, answer, commitment, steps) in enumerate(asked, start=1):
        respondent, unit = _respondent(dept_code("P33@old", dept), title)
        with clock.frozen(session.start - dt.timedelta(days=5)):
            question = questioning.question_register(
                actor=None, session=session, asker=delegates[(order * 7) % len(delegates)], respondent=respondent, respondent_title=title,
                respondent_unit=unit, text=text, topic=topic, is_sample=True)
        questioning.question_schedule(actor=None, question=question, sitting=sitting, order=order)
        done = questioning.answer_record(
            actor=None, question=question, mode=AnswerMode.ORAL, text=answer, answered_on=sitting.day,
            commitments=[questioning.CommitmentInput(commitment[0], commitment[1], unit)], allow_historical=True)
        task = done.commitments.get().task
        assert task is not None
        task.__class__.objects.filter(pk=task.pk).update(is_sample=True)
        with clock.frozen(sitting.day + dt.timedelta(days=3)):
            task = task_services.task_receive(actor=None, task=task)
        for kind, day in steps:
            with clock.frozen(day):
                if kind == "accept":
                    task = task_services.completion_request(actor=None, task=task, note="Báo cáo kết quả thực hiện cam kết (mẫu)")
                    task = task_services.completion_decide(actor=None, task=task, accept=True)
                else:
                    report = task_services.progress_submit(actor=None, task=task, percent=40, narrative="Đã kiểm tra 12/30 khu dân cư mới (mẫu)")
                    task_services.progress_review(actor=None, report=report, approve=True)

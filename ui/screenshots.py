"""Screenshots of every main screen for docs/screenshots (``python -m ui.screenshots``).

Run under a real X server (Xvfb) with CJK fonts installed so the pictures show what a worker
sees; each screen is opened the way a person would, with a row selected where there is a list.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import uuid4

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QSettings
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from app.demo.conflicts import disagree
from app.demo.database import DEMO_PASSWORD, demo_key, open_demo
from app.keyring import KeyRing
from app.models import (
    Dispute,
    DisputeCategory,
    DisputeParty,
    Gender,
    Grid,
    Household,
    Incident,
    IncidentCategory,
    LifeEventKind,
    MediationTrack,
    PartyRole,
    ReferralBody,
    Residence,
    Resident,
    RiskLevel,
    Satisfaction,
    ScreeningFinding,
    ScreeningRound,
    ServiceCategory,
    ServiceChannel,
    ServiceItem,
    User,
)
from app.services import disputes as flow
from app.services import service_items
from app.services.lists import local_zone
from app.services.screening import findings_of, turn_into_dispute
from app.services.session import Session, default_session, session_for
from app.services.workbench import day_for
from app.store import Store
from app.validation import check_digit
from ui import calendar_day, preferences, qt_environment
from ui.fonts import install_fonts
from ui.forms.household_form import HouseholdForm
from ui.forms.service_item_form import ServiceItemForm
from ui.forms.visit_form import VisitForm
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, install_translator
from ui.login import LoginDialog
from ui.main_window import (
    CONFLICTS,
    DASHBOARD,
    DISPUTES,
    EXPORTS,
    HOUSEHOLDS,
    MEETINGS,
    REVIEW,
    SCREENING,
    SETTINGS,
    SYNC,
    VISITS,
    VOLUNTEERING,
    VOLUNTEERS,
    WORKBENCH,
    MainWindow,
)
from ui.screens.disputes import DisputesScreen
from ui.screens.households import HouseholdsScreen
from ui.screens.list_screen import ListScreen
from ui.screens.review_screen import ReviewScreen
from ui.screens.sync_screen import SyncScreen
from ui.sync_controller import SyncController

SCREENS = {
    "workbench": WORKBENCH,
    "households": HOUSEHOLDS,
    "visits": VISITS,
    "disputes": DISPUTES,
    "volunteering": VOLUNTEERING,
    "sync": SYNC,
    "settings": SETTINGS,
    "screening": SCREENING,
    "volunteers": VOLUNTEERS,
    "meetings": MEETINGS,
}


def _save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(f"wrote {path}")


def _household_form_with_error(window: MainWindow, out: Path) -> None:
    form = window.new_record(HOUSEHOLDS)
    assert isinstance(form, HouseholdForm)
    form.rows["head_name"].editor.set_raw("乌云其木格")
    form.rows["address"].editor.set_raw("巴彦嘎查2组7号")
    resident = form.add_resident()
    resident.rows["name"].editor.set_raw("ᠤᠶᠤᠨ ᠴᠢᠴᠢᠭ")  # 乌云其其格, as she writes it
    first17 = "15252219880417123"
    wrong = "0" if check_digit(first17) != "0" else "1"
    resident.rows["id_number"].editor.set_raw(first17 + wrong)
    for row in resident.rows.values():
        row.touched = True
    form.validate()
    form.resize(900, 640)
    _save(form, out / "household_form.png")
    form.dirty = False
    form.close()


def _floating_resident_form(window: MainWindow, out: Path) -> None:
    """A household from elsewhere (流动人口): the resident's 户籍地, arrival and residence permit."""
    form = window.new_record(HOUSEHOLDS)
    assert isinstance(form, HouseholdForm)
    form.rows["head_name"].editor.set_raw("马明")
    form.rows["address"].editor.set_raw("巴彦嘎查5组3号")
    resident = form.add_resident()
    for name, value in (
        ("name", "马明"),
        ("gender", Gender.MALE.value),
        ("residence", Residence.FLOATING.value),
        ("native_place", "甘肃省临夏回族自治州"),
        ("arrived_on", date(2025, 4, 1)),
        ("arrival_reason", "务工经商"),
        ("permit_number", "152501202600123"),
        ("permit_expires", date(2027, 4, 1)),
    ):
        resident.rows[name].editor.set_value(value)
    form.validate()
    form.resize(900, 900)
    form.show()
    _save(form, out / "resident_form.png")
    form.dirty = False
    form.close()


def _resident_joining_form(window: MainWindow, out: Path) -> None:
    """A daughter-in-law moving in (迁入, from where and when) and a baby born (出生) into a household."""
    form = window.new_record(HOUSEHOLDS)
    assert isinstance(form, HouseholdForm)
    form.rows["head_name"].editor.set_raw("巴特尔")
    form.rows["address"].editor.set_raw("巴彦嘎查3组8号")
    today = calendar_day.local_today()
    joined = []
    for values in (
        {
            "name": "萨仁",
            "gender": Gender.FEMALE.value,
            "joined_by": LifeEventKind.MOVED_IN.value,
            "joined_on": today - timedelta(days=20),
            "moved_from": "锡林浩特市",
        },
        {
            "name": "阿拉坦",
            "gender": Gender.MALE.value,
            "birth_date": today - timedelta(days=9),
            "joined_by": LifeEventKind.BIRTH.value,
        },
    ):
        resident = form.add_resident()
        for name, value in values.items():
            resident.rows[name].editor.set_value(value)
        joined.append(resident)
    form.validate()
    form.resize(900, 780)
    form.show()
    QApplication.processEvents()
    # scrolled to where the first resident's 入户方式 is, the second's below it
    scroll = form.findChild(QScrollArea)
    body = scroll.widget() if scroll is not None else None
    if scroll is not None and body is not None:
        top = joined[0].rows["care_groups"].editor
        scroll.verticalScrollBar().setValue(top.mapTo(body, QPoint(0, 0)).y() - 12)
    _save(form, out / "resident_joining_form.png")
    form.dirty = False
    form.close()


def _service_item_form(window: MainWindow, store: Store, out: Path) -> None:
    """A 上门办 item for an elderly resident, escalated to the township, about to be closed."""
    session = window.session
    elder = store.find(Resident, "grid = ? AND birth_date < '1960-01-01'", [session.grids[0]], limit=1)[0]
    item = service_items.open_item(
        store,
        ServiceItem(
            grid=elder.grid,
            author=session.username,
            household_id=elder.household_id,
            resident_id=elder.id,
            category=ServiceCategory.ID_CARD,
            channel=ServiceChannel.AT_HOME,
            need="老人行动不便，上门采集照片，代办身份证换领",
            due_on=date.today() + timedelta(days=5),
        ),
    )
    service_items.start(store, item.id, by=session.username)
    service_items.escalate(store, item.id, by=session.username, to="苏木派出所户籍室", on=date.today())
    form = ServiceItemForm(store, session, store.get(ServiceItem, item.id))
    form.moves.outcome.set_raw("新身份证已送到老人手中")
    form.moves.satisfaction.set_value(Satisfaction.SATISFIED)
    form.moves.visit_summary.set_raw("送证上门，老人很满意")
    form.resize(900, 860)
    form.show()
    _save(form, out / "service_item_form.png")
    form.close()


def _busiest_worker(store: Store) -> Session:
    """The worker whose village has the most on 工作台 today: their day as it looks when full (a
    village's worker sees only their own village's)."""
    today = calendar_day.local_today()
    workers = [
        session_for(store, u.username, u.display_name, u.role, tuple(u.grids))
        for u in store.find(User, "role = 'worker'", order_by="username")
    ]

    def load(session: Session) -> int:
        day = day_for(store, session, today)
        return day.due.total + day.major.total + day.recent.total

    return max(workers, key=load, default=default_session(store))


def _household_with_mongolian_script(store: Store, grids: tuple[str, ...]) -> str:
    """A household of the worker's grids one of whose people writes their name in traditional
    Mongolian script (any of their households where none does)."""
    mine = f"grid IN ({', '.join('?' * len(grids))})"
    found = store.find(Resident, f"unicode(name) BETWEEN 6144 AND 6319 AND {mine}", grids, limit=1)
    return str(found[0].household_id if found else store.find(Household, mine, grids, limit=1)[0].id)


def _walked_dispute(store: Store, worker: Session) -> Dispute:
    """A dispute of the worker's grids taken through mediation, a referral and back, to an
    agreement and follow-ups, so its timeline shows every kind of step."""
    grids = worker.grids
    mine = f"grid IN ({', '.join('?' * len(grids))})"
    resident = store.find(Resident, f"name GLOB '[一-龥]*' AND {mine}", grids, limit=1)[0]
    start = datetime.now(UTC) - timedelta(days=12)
    dispute = Dispute(
        grid=resident.grid,
        author=worker.username,
        title="牲畜践踏草场赔偿纠纷",
        category=DisputeCategory.LIVESTOCK_DAMAGE,
        risk_level=RiskLevel.ELEVATED,
        location=store.find(Grid, "code = ?", [resident.grid])[0].name + "三组",
        description="羊群越过网围栏进入邻户草场，双方对赔偿金额有分歧。",
        occurred_on=start.date() - timedelta(days=3),
        created_at=start,
    )
    parties = [
        DisputeParty(
            grid=dispute.grid,
            author=worker.username,
            dispute_id=dispute.id,
            role=PartyRole.APPLICANT,
            name=resident.name,
            resident_id=resident.id,
        ),
        DisputeParty(
            grid=dispute.grid,
            author=worker.username,
            dispute_id=dispute.id,
            role=PartyRole.RESPONDENT,
            name="其其格·乌力吉",
            phone="13947112345",
        ),
    ]
    flow.register_dispute(store, dispute, parties)
    day = timedelta(days=1)
    flow.accept(store, dispute.id, flow.Acceptance(at=start + day), by=worker.username)
    flow.start_mediation(
        store,
        dispute.id,
        flow.MediationStart(mediator="人民调解员 张华", at=start + 2 * day),
        by=worker.username,
    )
    flow.refer(
        store,
        dispute.id,
        flow.Referral(
            to=ReferralBody.JUDICIAL_OFFICE,
            reference_no="司调〔2026〕17号",
            track_from=MediationTrack.PEOPLES,
            track_to=MediationTrack.ADMINISTRATIVE,
            reason="赔偿金额分歧大，请司法所协助",
            at=start + 3 * day,
        ),
        by=worker.username,
    )
    flow.take_back(
        store,
        dispute.id,
        flow.TakeBack(
            track_from=MediationTrack.ADMINISTRATIVE,
            track_to=MediationTrack.PEOPLES,
            reason="司法所出具意见，退回嘎查继续调解",
            at=start + 6 * day,
        ),
        by=worker.username,
    )
    flow.resolve(
        store,
        dispute.id,
        flow.Resolution(
            outcome="双方同意按评估价赔偿",
            agreement="一、赔偿草场损失人民币三千元。\n二、共同修复并维护网围栏。",
            at=start + 7 * day,
        ),
        by=worker.username,
        zone=local_zone(),
    )
    return store.get(Dispute, dispute.id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots"))
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="the window's language")
    parser.add_argument("--text-scale", type=int, choices=preferences.TEXT_SCALES, default=100)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    qt_environment.prepare()
    app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("TongxinScreenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    install_translator(app, args.lang)
    install_fonts()
    preferences.apply_text_scale(args.text_scale)
    database = Path(tempfile.mkdtemp()) / "demo.db"
    with open_demo(database) as store:
        key = demo_key(database)
        sync = SyncController(store, lambda: Store.open(database, key), automatic=False)
        worker = _busiest_worker(store)
        walked = _walked_dispute(store, worker)
        window = MainWindow(store, worker, database, sync)
        window.resize(1280, 800)
        window.show()
        for name, number in SCREENS.items():
            window.nav.setCurrentRow(number)
            screen = window.screen(number)
            if isinstance(screen, DisputesScreen):
                screen.select_record(str(walked.id))
            elif isinstance(screen, HouseholdsScreen):
                screen.select_record(_household_with_mongolian_script(store, worker.grids))
            elif isinstance(screen, ListScreen) and screen.model.rowCount():
                screen.table.selectRow(0)
            _save(window, args.out / f"{name}.png")
        _household_form_with_error(window, args.out)
        _floating_resident_form(window, args.out)
        _resident_joining_form(window, args.out)
        _service_item_form(window, store, args.out)
        [village] = store.find(Grid, "code = ?", [worker.grids[0]])
        _picker(window, args.out, "picker.png", village.name)
        _bundle_written(window, store, sync, args.out)
        window.close()
        _supervisor_screens(store, database, sync, walked, args.out)
        _login(database, args.out)


def _bundle_written(window: MainWindow, store: Store, sync: SyncController, out: Path) -> None:
    """同步 on a village laptop enrolled with a server it cannot reach, after 导出同步包."""
    with store.transaction():
        store.set_meta("server_token", "demo-token-of-a-laptop-enrolled-at-the-township")
        store.set_meta("server_device_id", "4d0474949a1b4c2d8e0f112233445566")
    sync.changed.emit()
    window.nav.setCurrentRow(SYNC)
    stick = Path(tempfile.mkdtemp()) / "KINGSTON"
    stick.mkdir()
    screen = window.screen(SYNC)
    assert isinstance(screen, SyncScreen)
    panel = screen.stick
    panel.folder.setText(str(stick))
    finished = QEventLoop()
    sync.finished.connect(finished.quit)
    assert panel.export_button.isEnabled(), "the demo laptop counts as enrolled"
    panel.export_button.click()
    finished.exec()
    _save(window, out / "sync_bundle.png")


def _supervisor_screens(
    store: Store, database: Path, sync: SyncController, walked: Dispute, out: Path
) -> None:
    """The township supervisor of the walked dispute: their queue, a conflict, the dashboard."""
    township = store.find(Grid, "code = ?", [walked.grid])[0].parent_code
    user = store.find(User, "role = 'supervisor' AND grid = ?", [township])[0]
    session = session_for(store, user.username, user.display_name, user.role, tuple(user.grids))
    store.guard = session.admit
    disagree(
        store,
        walked,
        "outcome",
        walked.outcome,
        "双方同意赔偿两千元，网围栏由申请人修复",
        ("巴彦嘎查-王芳", "巴彦嘎查-李强"),
    )
    window = MainWindow(store, session, database, sync)
    window.resize(1280, 800)
    window.show()
    for name, number in (
        ("review", REVIEW),
        ("conflicts", CONFLICTS),
        ("dashboard", DASHBOARD),
        ("ledgers", EXPORTS),
    ):
        window.nav.setCurrentRow(number)
        screen = window.screen(number)
        if isinstance(screen, ReviewScreen) and screen.waiting:
            screen.table.selectRow(0)
        _save(window, out / f"{name}.png")
    mine = session.grids
    common = store.db.execute(
        f"SELECT head_name FROM households WHERE deleted = 0 AND grid IN ({', '.join('?' * len(mine))}) "
        "GROUP BY head_name ORDER BY count(*) DESC, head_name LIMIT 1",
        mine,
    ).fetchone()[0]
    _picker(window, out, "picker_namesakes.png", common)
    _transfer_refused(window, out)
    _screening_contradicted(window, store, session, out)
    window.close()


def _screening_contradicted(window: MainWindow, store: Store, session: Session, out: Path) -> None:
    """排查 as the supervisor sees it after a sync brought a nil report for a village month that
    another laptop, also offline, had filed findings for, and an incident made of a finding that
    this laptop had made a dispute of: all kept, each contradiction named."""
    with_findings = store.find(
        ScreeningRound,
        "nil_report = 0 AND period_start = ? AND grid IN (SELECT value FROM json_each(?))",
        [calendar_day.local_today().replace(day=1).isoformat(), json.dumps(list(session.grids))],
        limit=1,
    )
    if with_findings:
        found = with_findings[0]
        store.save(
            found.model_copy(update={"id": uuid4(), "nil_report": True, "author": "demo-second-laptop"})
        )
        unturned = [f for f in findings_of(store, found.id) if f.dispute_id is None and f.incident_id is None]
        if unturned:
            turn_into_dispute(store, unturned[0].id, by=session.username)
            incident = store.save(
                Incident(
                    grid=found.grid,
                    author="demo-second-laptop",
                    category=IncidentCategory.OTHER,
                    place=unturned[0].place,
                    summary=unturned[0].summary,
                    reported_at=datetime.now(UTC),
                )
            )
            turned = store.get(ScreeningFinding, unturned[0].id)
            store.save(turned.model_copy(update={"incident_id": incident.id}))
    window.nav.setCurrentRow(SCREENING)
    _save(window, out / "screening_supervisor.png")


def _picker(window: MainWindow, out: Path, name: str, typed: str) -> None:
    """A new visit's household picker after typing ``typed``: each hit with its birth year,
    village and address (and ID tail where names match), of the person's grids only."""
    form = window.new_record(VISITS)
    assert isinstance(form, VisitForm)
    form.household.edit.setText(typed)
    form.household.search_now()
    form.resize(900, 640)
    _save(form, out / name)
    form.dirty = False
    form.close()


def _transfer_refused(window: MainWindow, out: Path) -> None:
    """Moving a household with no village chosen: the refusal beside the field."""
    window.nav.setCurrentRow(HOUSEHOLDS)
    screen = window.screen(HOUSEHOLDS)
    assert isinstance(screen, HouseholdsScreen)
    screen.table.selectRow(0)
    _save(window, out / "households_supervisor.png")
    dialog = screen.open_transfer()
    assert dialog is not None
    dialog.reason.set_raw("全家迁往邻村放牧")
    dialog.submit()
    _save(dialog, out / "transfer.png")
    dialog.reject()


def _login(database: Path, out: Path) -> None:
    hint = QCoreApplication.translate("main", "Demo: every account's password is %1").replace(
        "%1", DEMO_PASSWORD
    )
    dialog = LoginDialog(KeyRing.for_database(database), hint=hint)
    dialog.accounts.setCurrentIndex(dialog.accounts.findData("worker101"))
    dialog.show()
    dialog.password.setText("wrong-password")
    dialog.try_login()
    _save(dialog, out / "login.png")
    dialog.close()


if __name__ == "__main__":
    main()

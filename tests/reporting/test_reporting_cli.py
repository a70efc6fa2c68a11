"""The docflow command for execution control and the replay, as staff run it (a real process)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

from docflow.config import get_settings
from docflow.reporting.obligations import ensure_obligations
from docflow.store.db import unit_of_work
from docflow.store.models import Deadline

D = dt.date


def docflow(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docflow.cli", *args], capture_output=True, text=True,
                          env={**os.environ, "DOCFLOW_ACTOR": "metodist"}, timeout=120)


def test_deadlines_close_extend_and_list_filters(committee):
    for code in ("sch-07", "sch-12", "lyc-01"):
        committee.site(code)
    with unit_of_work() as s:
        ensure_obligations(s, get_settings(), "2026/2027")
        ids = {d.school_id: d.id for d in s.query(Deadline)}
    sch07, sch12, lyc = (ids[committee.schools[c]] for c in ("sch-07", "sch-12", "lyc-01"))

    res = docflow("deadlines", "extend", str(sch12), "--to", "25.06.2027", "--reason", "Ходатайство", "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["due_on"] == "2027-06-25"
    res = docflow("deadlines", "close", str(lyc), "--note", "Отчёт представлен на бумаге")
    assert res.returncode == 0, res.stderr
    res = docflow("deadlines", "close", str(lyc), "--note", "ещё раз")
    assert res.returncode == 1 and "уже закрыт" in res.stderr and "Traceback" not in res.stderr

    def listed(*flags: str) -> set[int]:
        out = docflow("deadlines", "list", "--json", *flags)
        assert out.returncode == 0, out.stderr
        return {r["id"] for r in json.loads(out.stdout)["rows"]}

    assert listed("--today", "2027-06-17", "--overdue") == {sch07}
    assert listed("--today", "2027-06-14", "--due-this-week") == {sch07}
    assert listed("--today", "2027-06-23", "--due-this-week") == {sch12}
    assert listed("--school-id", str(committee.schools["sch-12"])) == {sch12}
    assert listed("--status", "done") == {lyc}

    show = json.loads(docflow("deadlines", "show", str(sch12), "--json").stdout)
    assert [(e["event"], e["actor"], e["old_due_on"], e["new_due_on"]) for e in show["events"]] == [
        ("created", "system", None, "2027-06-15"), ("extended", "metodist", "2027-06-15", "2027-06-25")]


def test_replay_command_with_demo_schools_delivers_to_the_mail_server(committee):
    c = committee
    if not os.environ["DOCFLOW_DATABASE_URL"].startswith("sqlite"):  # never replayed on the real database
        res = docflow("reporting", "replay", "--from", "2027-04-01", "--to", "2027-04-02", "--no-send")
        assert res.returncode == 2 and "только на копии хранилища SQLite" in res.stdout + res.stderr
        return
    res = docflow("reporting", "replay", "--from", "2027-04-01", "--to", "2027-07-01", "--demo-schools",
                  "--smtp-port", str(c.server.smtp_port))
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "Площадок создано для демонстрации: 6" in out
    assert "15.04.2027 чт; события: объявление о сдаче отчётов; писем: объявление 6" in out
    assert "16.06.2027 ср; события: просрочка; писем: доклад о просрочке 1, о просрочке 4" in out
    assert "30.06.2027 ср; события: мониторинг; писем: сводка 1" in out
    # the first site plays "on time": a call and the first reminder only; the fourth never reports
    first = [m["Subject"] for m in c.inbox(c.address["sch-07"])]
    assert len(first) == 2 and first[0].startswith("О представлении отчётов")
    silent = [m["Subject"] for m in c.inbox(c.address["sch-ozr"])]
    assert silent[-1] == "О нарушении срока представления промежуточного отчёта" and len(silent) == 4
    assert len(c.inbox(c.staff)) == 2  # the escalation and the summary
    # the real registers are untouched: the replay ran in its own copy of the store
    assert "Моделирование в отдельной копии хранилища" in out
    from docflow.store.db import unit_of_work
    from docflow.store.models import Deadline, OutboxLetter, Site, Submission
    with unit_of_work() as s:
        assert s.query(Site).count() == 0 and s.query(Deadline).count() == 0
        assert s.query(Submission).count() == 0 and s.query(OutboxLetter).count() == 0
    from docflow.config import data_dir
    with unit_of_work(f"sqlite:///{data_dir() / 'simulation' / 'docflow-replay.db'}") as s:
        themes = [site.theme for site in s.query(Site)]
    assert len(themes) == 6 and len(set(themes)) == 6  # each demo site with its own project

"""`docflow orders …` and `docflow documents history` as staff run them: a real process, the real store."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def docflow(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docflow.cli", *args], capture_output=True, text=True,
                          env={**os.environ, "DOCFLOW_ACTOR": "cli:voroncova"}, timeout=60)


def test_draft_return_redraft_approve_distribute_and_history(decided):
    out = docflow("orders", "draft", "--meeting", str(decided.meeting_id), "--json")
    assert out.returncode == 0, out.stderr
    drafted = json.loads(out.stdout)
    assert [(d["register"], d["status"]) for d in drafted] == [("order", "draft"), ("directive", "draft")]
    assert drafted[0]["docx"].endswith(f"drafts/{drafted[0]['id']}-order_site_status.docx")
    order_id = drafted[0]["id"]

    no_comment = docflow("orders", "return", str(order_id))
    assert no_comment.returncode != 0 and "--comment" in no_comment.stderr
    ret = docflow("orders", "return", str(order_id), "--comment", "Уточнить срок в пункте 3")
    assert ret.returncode == 0, ret.stderr
    assert "возвращён на доработку" in ret.stdout
    refused = docflow("orders", "approve", str(order_id))
    assert refused.returncode == 1 and "возвращён на доработку" in refused.stderr and "Traceback" not in refused.stderr

    redrafted = json.loads(docflow("orders", "draft", "--meeting", str(decided.meeting_id), "--json").stdout)
    new_id = redrafted[0]["id"]
    assert new_id != order_id and redrafted[1]["id"] == drafted[1]["id"]  # the directive draft is kept
    ok = docflow("orders", "approve", str(new_id), "--comment", "Согласовано", "--json")
    assert ok.returncode == 0, ok.stderr
    approved = json.loads(ok.stdout)
    assert approved["number"] == "1" and len(approved["deadlines"]) == 2

    sent = json.loads(docflow("orders", "distribute", "--json").stdout)
    assert sent == [{"document_id": new_id, "letters": sent[0]["letters"], "sent": True, "missing": []}]
    assert len(sent[0]["letters"]) == 2

    hist = json.loads(docflow("documents", "history", str(new_id), "--json").stdout)
    assert [(e["event"], e["actor"]) for e in hist["events"]] == [
        ("drafted", "cli:voroncova"), ("approved", "cli:voroncova"), ("numbered", "system"), ("pdf_failed", "system"),
        ("queued", "system")]
    assert hist["events"][1]["note"] == "Согласовано"
    assert [x["status"] for x in hist["letters"]] == ["pending", "pending"]
    old = json.loads(docflow("documents", "history", str(order_id), "--json").stdout)
    assert old["status"] == "returned" and old["events"][-1]["note"] == "Уточнить срок в пункте 3"

    text = docflow("documents", "history", str(new_id))
    assert text.returncode == 0 and "№ 1 от" in text.stdout and "numbered" in text.stdout
    missing = docflow("documents", "history", "999")
    assert missing.returncode == 1 and "Документ № 999 не найден" in missing.stderr

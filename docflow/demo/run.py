"""Launcher behind ``make demo`` and ``make demo-reset``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from docflow.config import PROJECT_ROOT
from docflow.demo.env import DEMO_USERS, DEV_PASSWORD, connections, data_root, demo_environ, ports, write_passwords

BIN = Path(sys.executable).parent


def _say(msg: str) -> None:
    print(f"[docflow demo] {msg}", flush=True)


def _wait_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{what} не запустился (код {proc.returncode}); см. журнал выше")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"{what} не ответил на порту {port} за {timeout:.0f} с")


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in reversed(procs):
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 20
    for p in reversed(procs):
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def prepare(env: dict[str, str]) -> None:
    """Everything before the servers start; idempotent, so a second run keeps the state."""
    root = Path(env["DOCFLOW_DATA_DIR"])
    airflow_home = Path(env["AIRFLOW_HOME"])
    write_passwords(airflow_home)
    _say("готовлю базу Airflow (при первом запуске — до минуты)…")
    subprocess.run([str(BIN / "airflow"), "db", "migrate"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    _say("готовлю базу docflow и реестр школ…")
    subprocess.run([str(BIN / "docflow"), "db", "upgrade"], env=env, check=True)
    subprocess.run([str(BIN / "docflow"), "schools", "import",
                    str(PROJECT_ROOT / "include" / "config" / "schools.demo.csv")], env=env, check=True)
    conn_file = root / "connections.json"
    conn_file.write_text(json.dumps(connections(), ensure_ascii=False, indent=2), encoding="utf-8")
    subprocess.run([str(BIN / "airflow"), "connections", "import", "--overwrite", str(conn_file)],
                   env=env, check=True, stdout=subprocess.DEVNULL)


def run() -> None:
    # Airflow standalone starts its components as `airflow …` from PATH: the venv's bin comes first.
    env = {**os.environ, **demo_environ(), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    os.environ.update(demo_environ())
    p = ports()
    for name, port in p.items():
        if not _port_free(port):
            raise SystemExit(f"Порт {port} ({name}) занят: остановите другой экземпляр демо или задайте "
                             f"DOCFLOW_DEMO_{'PORT' if name == 'ui' else name.upper() + '_PORT'}")
    procs: list[subprocess.Popen] = []

    def _on_signal(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _on_signal)
    try:
        mail = subprocess.Popen([sys.executable, "-m", "docflow.mail.devserver", "--data",
                                 str(data_root() / "mail"), "--host", "127.0.0.1", "--imap-port", str(p["imap"]),
                                 "--smtp-port", str(p["smtp"]), "--password", DEV_PASSWORD],
                                env=env, start_new_session=True)
        procs.append(mail)
        _wait_port(p["imap"], mail, "Почтовый сервер (IMAP)")
        _wait_port(p["smtp"], mail, "Почтовый сервер (SMTP)")
        prepare(env)
        from docflow.demo import seed
        seeded = seed.seed_demo(env)
        if seeded:
            _say(f"в официальный ящик положено демонстрационных писем: {seeded}")
        log_path = Path(env["AIRFLOW_HOME"]) / "standalone.log"
        with open(log_path, "ab") as log:
            airflow = subprocess.Popen([str(BIN / "airflow"), "standalone"], env=env, start_new_session=True,
                                       stdout=log, stderr=subprocess.STDOUT)
        procs.append(airflow)
        _say(f"запускаю Airflow (журнал: {log_path})…")
        _wait_port(p["ui"], airflow, "Airflow", timeout=300)
        _banner(p)
        threading.Thread(target=_demo_council, args=(env,), daemon=True, name="demo-council").start()
        airflow.wait()
    except KeyboardInterrupt:
        _say("останавливаю…")
    finally:
        _stop(procs)
        _say("все процессы демо остановлены; данные сохранены в " + str(data_root()))


def _demo_council(env: dict[str, str], timeout: float = 600) -> None:
    """Once intake and validation have made the demo applications complete, put them before a
    council meeting: the secretary's forms then wait in the UI (Browse → Required actions)."""
    marker = Path(env["DOCFLOW_DATA_DIR"]) / "demo-meeting-triggered"
    if marker.exists():
        return
    from sqlalchemy import select

    from docflow.store.db import unit_of_work
    from docflow.store.models import Submission
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with unit_of_work() as s:
            ready = s.scalar(select(Submission.id).where(Submission.kind == "application",
                                                         Submission.status == "complete").limit(1))
        if ready is not None:
            from docflow.council.demo import prepare_demo_meeting
            try:
                info = prepare_demo_meeting(env=env)
            except Exception as exc:
                _say(f"заседание совета не подготовлено: {exc}")
                return
            marker.write_text(info["run_id"], encoding="utf-8")
            _say(f"заседание совета {info['meeting_date']} подготовлено: форма секретаря ждёт в Airflow "
                 "(Browse → Required actions); войдите как secretary / secretary")
            return
        time.sleep(10)


def _banner(p: dict[str, int]) -> None:
    users = ", ".join(f"{u} / {u} ({r})" for u, r in DEMO_USERS.items())
    print(f"""
================================================================================
 docflow запущен.
   Интерфейс Airflow:  http://localhost:{p['ui']}
   Вход (логин / пароль, роль): {users}
   Почта (демо-сервер): IMAP 127.0.0.1:{p['imap']}, SMTP 127.0.0.1:{p['smtp']},
     логин — адрес ящика (например school7@edu.example.ru), пароль «{DEV_PASSWORD}».
   Прочитать ящик школы:  .venv/bin/docflow mail read school7@edu.example.ru
   Журналы:  .venv/bin/docflow submissions list   ·   .venv/bin/docflow outbox list
 Остановить: Ctrl-C. Данные: {data_root()} (сбросить: make demo-reset)
================================================================================
""", flush=True)


def reset() -> None:
    root = data_root()
    if root.exists():
        shutil.rmtree(root)
    _say(f"данные демо удалены: {root}")


if __name__ == "__main__":
    {"run": run, "reset": reset}[sys.argv[1] if len(sys.argv) > 1 else "run"]()

"""IMAP fetch throughput on the dev server (pymap): docflow ImapReader vs a bare imapclient floor.

Prints one JSON object. Usage: python bench/mail_fetch.py [N_MESSAGES]
"""

import asyncio
import json
import sys
import tempfile
import threading
import time
from email.message import EmailMessage

from imapclient import IMAPClient

from docflow.mail.devserver import DevMailServer
from docflow.mail.imap import ImapParams, ImapReader


def letter(i: int) -> bytes:
    m = EmailMessage()
    m["From"] = "school7@sevrech-edu.example"
    m["To"] = "mip@komitet.example"
    m["Subject"] = f"Заявка № {i}"
    m["Message-ID"] = f"<bench-{i}@sevrech-edu.example>"
    m.set_content("Направляем заявку на присвоение статуса МИП.\n" * 20)
    return m.as_bytes(policy=m.policy.clone(linesep="\r\n"))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()
    server = DevMailServer(tempfile.mkdtemp(prefix="docflow-bench-"))

    def call(coro):
        return asyncio.run_coroutine_threadsafe(coro, loop).result()

    call(server.start())
    box = "bench@komitet.example"
    raws = [letter(i) for i in range(n)]
    t0 = time.perf_counter()
    for raw in raws:
        call(server.deliver(box, raw))
    seed_s = time.perf_counter() - t0
    total = sum(map(len, raws))

    t0 = time.perf_counter()
    with IMAPClient(server.host, port=server.imap_port, ssl=False) as c:
        c.login(box, server.password)
        c.select_folder("INBOX", readonly=True)
        data = c.fetch(c.search("ALL"), ["BODY.PEEK[]"])
    floor_s = time.perf_counter() - t0
    assert len(data) == n

    params = ImapParams(host=server.host, port=server.imap_port, username=box, password=server.password,
                        security="plain")
    t0 = time.perf_counter()
    with ImapReader(params, batch_size=50) as imap:
        imap.select("INBOX")
        got = sum(len(b) for b in imap.fetch(imap.uids()))
    adapter_s = time.perf_counter() - t0
    assert got == n
    call(server.stop())
    print(json.dumps({
        "benchmark": "mail_fetch", "server": "pymap (docflow devserver)", "messages": n,
        "bytes": total, "seed_deliver_s": round(seed_s, 3),
        "floor_imapclient_one_fetch_s": round(floor_s, 3),
        "floor_msgs_per_s": round(n / floor_s, 1),
        "docflow_imapreader_batches_of_50_s": round(adapter_s, 3),
        "docflow_msgs_per_s": round(n / adapter_s, 1),
        "overhead_ratio": round(adapter_s / floor_s, 2),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""The store's migrations and numbering on SQLite and (when configured) PostgreSQL."""

import threading

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select

from docflow.store import archive, migrate
from docflow.store.db import session_factory, unit_of_work
from docflow.store.models import Base, RegisterCounter
from docflow.store.numbering import next_seq


def _heads() -> list[str]:
    from alembic.script import ScriptDirectory
    return list(ScriptDirectory.from_config(migrate.alembic_config()).get_heads())


def test_migrations_create_every_table_and_match_models(store):
    engine = create_engine(store)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"
    assert migrate.current(store) == _heads()


def test_downgrade_then_upgrade_again(store):
    migrate.downgrade(store, "base")
    engine = create_engine(store)
    assert "submissions" not in inspect(engine).get_table_names()
    engine.dispose()
    migrate.upgrade(store)
    assert migrate.current(store) == _heads()


def test_numbering_is_sequential_per_register_and_year(store):
    with unit_of_work() as s:
        assert [next_seq(s, "incoming", 2026) for _ in range(3)] == [1, 2, 3]
        assert next_seq(s, "incoming", 2027) == 1
        assert next_seq(s, "order", 2026) == 1


def test_rolled_back_number_is_reused_so_there_are_no_gaps(store):
    try:
        with unit_of_work() as s:
            assert next_seq(s, "incoming", 2026) == 1
            raise RuntimeError("registration failed")
    except RuntimeError:
        pass
    with unit_of_work() as s:
        assert next_seq(s, "incoming", 2026) == 1


def test_concurrent_numbering_has_no_gaps_or_duplicates(store):
    taken: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker():
        try:
            for _ in range(25):
                with unit_of_work() as s:
                    n = next_seq(s, "order", 2026)
                with lock:
                    taken.append(n)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(taken) == list(range(1, 101))
    with session_factory()() as s:
        assert s.scalar(select(RegisterCounter.last_value).where(RegisterCounter.register == "order")) == 100


def test_archive_is_content_addressed_and_idempotent(tmp_path):
    digest = archive.put(b"raw letter", tmp_path)
    assert digest == archive.sha256(b"raw letter")
    assert archive.put(b"raw letter", tmp_path) == digest
    assert archive.get(digest, tmp_path) == b"raw letter"
    archive.blob_path(digest, tmp_path).write_bytes(b"tampered")
    try:
        archive.get(digest, tmp_path)
    except OSError as exc:
        assert "corrupted" in str(exc)
    else:
        raise AssertionError("a corrupted blob must not be returned")

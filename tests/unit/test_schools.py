import pytest
from openpyxl import Workbook
from sqlalchemy import select

from docflow.schools import RegistryFileError, import_registry, school_by_address
from docflow.store.db import unit_of_work
from docflow.store.models import School
from tests.conftest import DEMO_SCHOOLS

HEADER = "код;полное наименование;краткое наименование;директор;адреса;муниципалитет\n"


def test_demo_registry_imports_and_reimport_is_idempotent(sqlite_store):
    with unit_of_work() as s:
        first = import_registry(s, DEMO_SCHOOLS)
    with unit_of_work() as s:
        second = import_registry(s, DEMO_SCHOOLS)
        assert s.scalar(select(School).where(School.code == "sch-12")).director == "Кузнецов Игорь Валентинович"
        assert school_by_address(s, " Zavuch12@EDU.example.ru ").code == "sch-12"
    assert (first.created, first.errors) == (6, [])
    assert (second.created, second.updated, second.unchanged) == (0, 0, 6)


def test_bad_rows_are_reported_by_number_and_good_rows_load(sqlite_store, tmp_path):
    f = tmp_path / "r.csv"
    f.write_text(HEADER
                 + "a1;Школа А полное;Школа А;Иванов И.И.;a@edu.example.ru;М\n"
                 + "a2;;Школа Б;Петров П.П.;b@edu.example.ru;М\n"
                 + "a3;Школа В полное;Школа В;Сидоров;не-адрес;М\n"
                 + "a4;Школа Г полное;Школа Г;Орлов;a@edu.example.ru;М\n"
                 + "a5;Школа Д полное;Школа Д;Титов;d@edu.example.ru;М\n", encoding="utf-8")
    with unit_of_work() as s:
        report = import_registry(s, f)
        codes = sorted(s.scalars(select(School.code)))
    assert codes == ["a1", "a5"]
    assert [r for r, _ in report.errors] == [3, 4, 5]
    assert "полное наименование" in report.errors[0][1]
    assert "некорректный адрес" in report.errors[1][1]
    assert "уже закреплён за другой организацией" in report.errors[2][1]


def test_update_changes_director_and_addresses(sqlite_store, tmp_path):
    f = tmp_path / "r.csv"
    f.write_text(HEADER + "a1;Школа А полное;Школа А;Иванов;a@edu.example.ru;М\n", encoding="utf-8")
    with unit_of_work() as s:
        import_registry(s, f)
    f.write_text(HEADER + "a1;Школа А полное;Школа А;Смирнова;new@edu.example.ru, a@edu.example.ru;М\n",
                 encoding="utf-8")
    with unit_of_work() as s:
        report = import_registry(s, f)
        school = s.scalar(select(School))
        assert school.director == "Смирнова"
        assert [a.email for a in school.addresses] == ["new@edu.example.ru", "a@edu.example.ru"]
        assert school.addresses[0].is_primary
    assert report.updated == 1


def test_cp1251_csv_with_commas(sqlite_store, tmp_path):
    f = tmp_path / "r.csv"
    f.write_bytes(("Код,Полное наименование,Краткое наименование,Директор,E-mail\n"
                   "k1,Школа полное,Школа,Орлова,k1@edu.example.ru\n").encode("cp1251"))
    with unit_of_work() as s:
        assert import_registry(s, f).created == 1


def test_xlsx(sqlite_store, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Код", "Полное наименование", "Краткое наименование", "Директор", "Адреса"])
    ws.append(["x1", "Школа Икс полное", "Школа Икс", "Орлова", "x1@edu.example.ru; x2@edu.example.ru"])
    ws.append([None, None, None, None, None])
    ws.append(["x3", "Школа Игрек", None, "Орлов", "x3@edu.example.ru"])
    f = tmp_path / "r.xlsx"
    wb.save(f)
    with unit_of_work() as s:
        report = import_registry(s, f)
    assert report.created == 1
    assert report.errors == [(4, "не заполнен столбец «краткое наименование»")]


def test_file_without_required_columns_is_refused(sqlite_store, tmp_path):
    f = tmp_path / "r.csv"
    f.write_text("название;почта\nА;a@b.ru\n", encoding="utf-8")
    with unit_of_work() as s, pytest.raises(RegistryFileError, match="нет обязательных столбцов"):
        import_registry(s, f)

"""The synthetic population (``bimmaturity example --organisations N``): written, read by
ingest as it is, and its planted structure found by the real analysis."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bimmaturity.analysis import analyse
from bimmaturity.cli import main
from bimmaturity.config import AnalysisOptions
from bimmaturity.ingest import collect, ingest
from bimmaturity.instrument import load_instrument
from bimmaturity.organisations import file_slug, read_registry
from bimmaturity.population import (
    WAVES,
    plan_population,
    population_files,
    write_population,
)
from bimmaturity.population_layouts import people
from bimmaturity.store import load_processed

N, R = 24, 3
OTHER_INSTRUMENT = Path(__file__).parent / "data" / "waterschappen_8x2.yaml"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    raw = tmp_path_factory.mktemp("population") / "raw"
    return raw, write_population(raw, N, R)


@pytest.fixture(scope="module")
def processed(written, tmp_path_factory: pytest.TempPathFactory):
    raw, _ = written
    folder = tmp_path_factory.mktemp("population_processed")
    collected = ingest(raw, folder / "processed", salt_path=folder / "salt")
    return collected, load_processed(folder / "processed"), folder / "processed"


@pytest.fixture(scope="module")
def analysis(processed):
    return analyse(processed[1], AnalysisOptions(resamples=0))


PLAN = plan_population(N, R)
KOPLOPERS = ["GM0004", "GM0012", "GM0019"]
DEALS = ["PROC", "UITV", "OTL", "BEHEER"]
GROUPS = {o.code: o.group for o in PLAN.organisations}


def test_the_plan():
    assert PLAN.koplopers() == KOPLOPERS
    assert PLAN.deal_elements == DEALS
    assert Counter(o.layout for o in PLAN.organisations) == {"template": 8, "wide": 8, "tidy": 8}
    assert Counter(o.group for o in PLAN.organisations) == {
        "koploper": 3,
        "organisatie": 10,
        "data": 11,
    }


def test_the_plan_of_400():
    big = plan_population(400)
    rounds = Counter(o.waves for o in big.organisations)
    assert rounds == {("2022", "2024"): 342, ("2024",): 34, ("2022",): 24}
    assert Counter(o.kind for o in big.organisations) == {"gemeente": 375, "waterschap": 25}
    assert len(big.koplopers()) == 50 and sum(bool(o.alias) for o in big.organisations) == 81
    assert all(o.waves == WAVES for o in big.organisations if o.group == "koploper")


def test_files_of_three_layouts_in_two_rounds(written):
    raw, files = written
    names = sorted(p.relative_to(raw).as_posix() for p in files)
    assert len(names) == 28
    assert names[-2:] == ["kosten.xlsx", "organisaties.csv"]
    for wave in WAVES:
        in_wave = [n for n in names if n.startswith(f"{wave}/")]
        assert sum("zelfevaluatie_bim_" in n for n in in_wave) == 8  # one per organisation
        assert sum("results-survey" in n for n in in_wave) == 2  # four organisations a file
        assert sum("zelfevaluatie_tabel_" in n for n in in_wave) == 3  # three a file
    assert sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file()) == names


def test_the_registry_is_valid_and_realistic(written):
    raw, _ = written
    registry = read_registry(raw / "organisaties.csv")
    frame = registry.frame
    assert registry.codes[:3] == ["GM0001", "GM0002", "GM0003"]
    assert registry.codes[15] == "WS0001" and registry.codes[-1] == "GM0023"
    assert Counter(frame["kind"]) == {"gemeente": 23, "waterschap": 1}
    assert registry.kind == "organisatie"
    assert (frame["size"] >= 1000).all()
    assert frame["size"][frame["kind"] == "waterschap"].min() >= 150_000
    assert (frame["aliases"] != "").sum() == 4
    names = frame["name"].tolist()
    assert len({file_slug(n) for n in names}) == N
    assert names[:3] == ["Rhoderberg", "Steingvliet", "Mepelvliet"]
    assert registry == PLAN.registry


def test_same_bytes_every_time_also_from_two_processes(written):
    raw, files = written
    again = population_files(plan_population(N, R), jobs=2)
    assert sorted(again) == sorted(p.relative_to(raw).as_posix() for p in files)
    for name, data in again.items():
        assert (raw / name).read_bytes() == data, name


def test_rewriting_the_same_folder_is_allowed_other_files_are_refused(tmp_path: Path):
    files = write_population(tmp_path / "raw", 3, 1)
    before = {p: p.read_bytes() for p in files}
    assert write_population(tmp_path / "raw", 3, 1) == files
    assert {p: p.read_bytes() for p in files} == before
    with pytest.raises(ValueError, match="bevat al andere bestanden"):
        write_population(tmp_path / "raw", 2, 1)  # a smaller one would leave files behind
    tmp_path = tmp_path / "other"
    (tmp_path / "2022").mkdir(parents=True)
    (tmp_path / "2022" / "oud.xlsx").write_bytes(b"x")
    with pytest.raises(ValueError, match=r"bevat al andere bestanden \(2022/oud.xlsx\)"):
        write_population(tmp_path, 3, 1)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["2022", "oud.xlsx"]


def test_ingest_reads_every_organisation_in_its_rounds(processed):
    collected, data, folder = processed
    assert [str(i) for i in collected.issues] == []
    answered = set(zip(data.answers["wave"], data.answers["province"], strict=True))
    planned = {(w, o.code) for o in PLAN.organisations for w in o.waves}
    assert answered == planned
    layouts = Counter(i["layout"] for i in data.manifest["inputs"])
    assert layouts == {"template": 16, "wide": 4, "tidy": 6}
    counts = data.answers.groupby(["wave", "province"])["respondent"].nunique()
    for organisation in PLAN.organisations:
        expected = 1 if organisation.layout == "template" else R
        for wave in organisation.waves:
            assert counts[wave, organisation.code] == expected, organisation.code
    assert not data.costs.empty and data.costs["element"].tolist()[3] == "PROC"
    # names and e-mail addresses stay behind: in no table, nor in the text files
    name, email = people(PLAN.organisations[1], "2022", R)[0]  # a wide export's first person
    tables = "".join(f.to_csv() for f in (data.answers, data.roles, data.comments))
    texts = "".join(p.read_text() for p in folder.glob("*") if p.suffix in {".csv", ".json"})
    for secret in (name, email, "voorbeeld.nl"):
        assert secret not in tables and secret not in texts


def test_analysis_finds_the_planted_structure(analysis):
    for wave in WAVES:
        roles = analysis.roles[analysis.roles["wave"] == wave]
        leaders = roles[roles["position"] == "koploper"]
        assert set(zip(leaders["province"], leaders["element"], strict=True)) == {
            (code, element) for code in KOPLOPERS for element in DEALS
        }
        # they want to lead; one wide export's three people outvote it to meedoen in 2022
        stated = Counter(leaders["stated_role"])
        assert stated == ({"trekken": 11, "meedoen": 1} if wave == "2022" else {"trekken": 12})
        starters = roles[(roles["position"] == "starter") & roles["element"].isin(DEALS)]
        assert set(starters["province"]) == {c for c in PLAN.registry.codes if c not in KOPLOPERS}
        assert sorted(analysis.proposed(wave)) == sorted(DEALS)
        clusters = analysis.clusters[analysis.clusters["wave"] == wave]
        members = clusters.groupby("cluster")["province"].apply(lambda s: set(s.map(GROUPS)))
        assert sorted(map(sorted, members)) == [["data"], ["koploper"], ["organisatie"]]
    change = analysis.overall_progress.set_index("province")["change"]
    growers = {o.code for o in PLAN.organisations if o.grows}
    assert len(change) == N and len(growers) == 21
    grown = set(change.index[change > 0])  # every grower, and one that stood still by chance
    assert growers < grown and len(grown) == 22


def test_usage_errors_exit_2(tmp_path: Path, capsys):
    for args in (["--organisations", "0"], ["--organisations", "1001"], ["--organisations", "x"]):
        with pytest.raises(SystemExit) as stopped:
            main(["example", "--out", str(tmp_path), *args])
        assert stopped.value.code == 2
        assert "geef een geheel getal van 1 tot en met 1000" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["example", "--out", str(tmp_path), "--organisations", "3", "--respondents", "0"])
    assert stopped.value.code == 2
    assert "1 tot en met 100" in capsys.readouterr().err
    assert main(["example", "--out", str(tmp_path), "--respondents", "3"]) == 2
    assert capsys.readouterr().err == "Fout: --respondents hoort bij --organisations\n"
    assert not any(tmp_path.iterdir())


def test_another_instrument_is_used(tmp_path: Path, capsys):
    raw = tmp_path / "raw"
    args = ["example", "--out", str(raw), "--organisations", "6", "--respondents", "2"]
    assert main([*args, "--instrument", str(OTHER_INSTRUMENT)]) == 0
    out = capsys.readouterr().out
    assert f"10 bestanden geschreven naar {raw}: een fictieve populatie van 6 organisaties" in out
    other = load_instrument(OTHER_INSTRUMENT)
    collected = collect(raw, salt="zout", instrument=other)
    assert [str(i) for i in collected.issues] == []
    assert set(collected.answers["question"]) == set(other.question_ids)
    assert set(collected.answers["province"]) == {f"GM000{i}" for i in range(1, 7)}
    assert set(collected.answers["current"].dropna()) == set(range(6))  # 0 is a level here

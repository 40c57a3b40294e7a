from __future__ import annotations

from app.config import DEFAULT, MACHINE, USER, check_file, load_config, save_user_setting
from tests.cli import run_cli


def test_defaults_when_no_files(tmp_path):
    cfg = load_config(tmp_path / "none.toml", tmp_path / "user.toml")
    assert cfg["stats.small_cell_threshold"] == 3
    assert cfg["office.municipalities"] == []
    assert cfg.sources["database.url"] == DEFAULT
    assert cfg.problems == []


def test_layers_machine_over_default_user_over_machine(tmp_path):
    machine = tmp_path / "machine.toml"
    machine.write_text('[office]\nname = "UNEP Milano"\n[directory]\nstale_after_days = 90\n'
                       '[roles]\neditors = ["mrossi", "LBianchi"]\n', encoding="utf-8")
    user = tmp_path / "user.toml"
    user.write_text("[directory]\nstale_after_days = 30\n", encoding="utf-8")
    cfg = load_config(machine, user)
    assert cfg["office.name"] == "UNEP Milano"
    assert cfg.sources["office.name"] == MACHINE
    assert cfg["directory.stale_after_days"] == 30
    assert cfg.sources["directory.stale_after_days"] == USER
    assert cfg.has_role("editors", "lbianchi") and not cfg.has_role("editors", "intruso")
    assert str(machine) in cfg.source_of("office.name")


def test_user_cannot_set_machine_only_keys(tmp_path):
    user = tmp_path / "user.toml"
    user.write_text('[roles]\neditors = ["me"]\n[database]\nurl = "sqlite:////tmp/x.db"\n', encoding="utf-8")
    cfg = load_config(tmp_path / "none.toml", user)
    assert cfg["roles.editors"] == [] and cfg["database.url"] == ""
    assert len(cfg.problems) == 2
    assert all("solo dal file di sistema" in p.message for p in cfg.problems)
    assert {p.line for p in cfg.problems} == {2, 4}


def test_malformed_file_names_file_and_line_and_falls_back(tmp_path):
    machine = tmp_path / "machine.toml"
    machine.write_text('[office]\nname = "ok"\nbroken line here\n', encoding="utf-8")
    cfg = load_config(machine, None)
    assert cfg["office.name"] == "UNEP di Milano (dimostrazione)"  # whole file ignored: safe defaults
    (problem,) = cfg.problems
    assert problem.path == machine and problem.line == 3
    assert str(machine) in str(problem) and "riga 3" in str(problem)


def test_wrong_types_and_unknown_keys_are_reported_with_line(tmp_path):
    machine = tmp_path / "machine.toml"
    machine.write_text('[stats]\nsmall_cell_threshold = "tre"\n[office]\ncolour = "blu"\nname = "Ufficio"\n'
                       "[sync]\ninterval_hours = 0\n", encoding="utf-8")
    cfg = load_config(machine, None)
    assert cfg["stats.small_cell_threshold"] == 3
    assert cfg["office.name"] == "Ufficio"
    assert cfg["sync.interval_hours"] == 4
    messages = {p.line: p.message for p in cfg.problems}
    assert "numero intero" in messages[2]
    assert "sconosciuta" in messages[4]
    assert "almeno 1" in messages[7]


def test_unreadable_encoding_is_a_problem_not_a_crash(tmp_path):
    machine = tmp_path / "machine.toml"
    machine.write_bytes(b'[office]\nname = "\xff\xfe"\n')
    cfg = load_config(machine, None)
    assert cfg.problems and "impossibile leggere" in cfg.problems[0].message


def test_save_user_setting_keeps_others_and_refuses_machine_keys(tmp_path):
    user = tmp_path / "sub" / "settings.toml"
    save_user_setting(user, "ui.language", "en")
    save_user_setting(user, "directory.stale_after_days", 60)
    cfg = load_config(tmp_path / "none.toml", user)
    assert cfg["ui.language"] == "en" and cfg["directory.stale_after_days"] == 60
    try:
        save_user_setting(user, "roles.editors", ["me"])
    except PermissionError as exc:
        assert "IT" in str(exc)
    else:
        raise AssertionError("machine-only key was saved")


def test_check_file(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text('[office]\nname = "UNEP"\nmunicipalities = ["015146", "Milano"]\n', encoding="utf-8")
    assert check_file(good) == []
    bad = tmp_path / "bad.toml"
    bad.write_text("[office]\nname = 3\n", encoding="utf-8")
    assert check_file(bad)[0].line == 2
    assert check_file(tmp_path / "missing.toml")[0].message == "il file non esiste"


def test_config_command_prints_values_and_sources(tmp_path):
    machine = tmp_path / "machine.toml"
    machine.write_text('[office]\nname = "UNEP Test"\n', encoding="utf-8")
    out = run_cli("--data-dir", str(tmp_path / "d"), "config", env={"RACCORDO_CONFIG": str(machine)})
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("office.name"))
    assert "UNEP Test" in line and f"macchina: {machine}" in line and "[IT]" in line
    assert "predefinito" in next(x for x in out.stdout.splitlines() if x.startswith("ui.language"))


def test_config_check_command_exit_status(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[roles]\neditors = 5\n", encoding="utf-8")
    out = run_cli("--data-dir", str(tmp_path / "d"), "config", "--check", str(bad))
    assert out.returncode == 1
    assert f"{bad}, riga 2" in out.stderr
    good = tmp_path / "good.toml"
    good.write_text('[roles]\neditors = ["a"]\n', encoding="utf-8")
    assert run_cli("--data-dir", str(tmp_path / "d"), "config", "--check", str(good)).returncode == 0
